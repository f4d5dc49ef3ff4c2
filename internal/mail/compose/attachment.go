package compose

import (
	"fmt"
	"mime"
	"path/filepath"
	"strings"
)

// attachmentProblems checks one attachment and returns its media type (given
// or guessed from the extension).
func attachmentProblems(n int, a Attachment) (mediaType string, problems []string) {
	what := fmt.Sprintf("attachment %d", n)
	switch {
	case strings.TrimSpace(a.Filename) == "":
		problems = append(problems, what+": filename is empty: give each attachment a name such as report.pdf")
	case headerProblem(what+" filename", a.Filename) != "":
		problems = append(problems, headerProblem(what+" filename", a.Filename))
	case strings.IndexFunc(a.Filename, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0:
		problems = append(problems, what+": filename contains control characters: remove them")
	case len(a.Filename) > MaxFilenameBytes:
		problems = append(problems, fmt.Sprintf("%s: filename is %d bytes long, more than %d: shorten it", what, len(a.Filename), MaxFilenameBytes))
	}
	if a.Filename != "" {
		what = fmt.Sprintf("attachment %d (%q)", n, a.Filename)
	}
	mediaType = a.MIMEType
	if strings.TrimSpace(mediaType) == "" {
		mediaType = "application/octet-stream"
		if t := mime.TypeByExtension(filepath.Ext(a.Filename)); t != "" {
			mediaType = t
		}
	}
	if p := headerProblem(what+" mime_type", mediaType); p != "" {
		problems = append(problems, p)
	} else if mt, _, err := mime.ParseMediaType(mediaType); err != nil || !strings.Contains(mt, "/") || strings.HasPrefix(mt, "multipart/") {
		problems = append(problems, fmt.Sprintf("%s: mime_type %q is not a valid MIME type: use a type such as application/pdf or image/png (application/octet-stream when unsure)", what, a.MIMEType))
	}
	if a.ContentID != "" {
		if p := headerProblem(what+" content id", a.ContentID); p != "" {
			problems = append(problems, p)
		} else if cid := bareContentID(a.ContentID); cid == "" || !isVisibleASCII(cid) || strings.ContainsAny(cid, "<>") {
			problems = append(problems, fmt.Sprintf("%s: content id %q must be printable ASCII without spaces, e.g. logo@example", what, a.ContentID))
		}
	}
	return mediaType, problems
}

// fallbackFilename is the filename parameter for software that ignores RFC
// 2231's filename*: the name itself when plain ASCII, else RFC 2047 encoded
// words, which is what Gmail, Outlook and Thunderbird write and read.
func fallbackFilename(name string) string {
	if needs2231(name) {
		return bWords(name)
	}
	return name
}

// needs2231 reports whether a filename needs the RFC 2231 filename* form to
// be read back exactly: non-ASCII, or text a decoder could take for an
// encoded word.
func needs2231(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] < ' ' || name[i] > '~' {
			return true
		}
	}
	return strings.Contains(name, "=?")
}

// dispositionValue renders Content-Disposition with a plain filename and,
// when needed, filename*=utf-8”<percent-encoded> (RFC 2231), which readers
// that know it prefer.
func dispositionValue(disposition, name string) string {
	v := mime.FormatMediaType(disposition, map[string]string{"filename": fallbackFilename(name)})
	if !needs2231(name) {
		return v
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString(v)
	b.WriteString("; filename*=utf-8''")
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAttrChar(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// isAttrChar is RFC 2231's attribute-char: a token character other than
// "*", "'" and "%".
func isAttrChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// bareContentID strips the angle brackets a caller may have included.
func bareContentID(cid string) string {
	return strings.TrimSuffix(strings.TrimPrefix(cid, "<"), ">")
}
