package parse

import (
	"regexp"
	"strings"
)

var (
	// attributionEnd matches the end of a reply attribution line in the
	// languages mail clients localise it to.
	attributionEnd = regexp.MustCompile(`(?i)(wrote|a écrit|schrieb\b.*|escribió|escreveu|ha scritto|schreef|skrev|kirjoitti|napisał\(a\)|napisał|написал\(а\)|написал|написала|yazdı|írta|napsal|έγραψε)\s*:\s*$|(写道|寫道)\s*[:：]\s*$|のメッセージ\s*[:：]?\s*$|작성\s*[:：]\s*$`)
	// attributionStart matches how attributions begin (On …, Le …, Am …).
	attributionStart = regexp.MustCompile(`^(On|Le|Am|El|Em|Il giorno|Il|Op|Den|På|W dniu|Dne|Στις|\d{4}[-/年]|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b`)
	// originalMessage is Outlook's (and others') separator before a quote.
	originalMessage = regexp.MustCompile(`(?i)^\s*-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original|originalmeddelande|исходное сообщение)\s*-{2,}\s*$`)
	// headerFrom and headerSent start and continue Outlook's quoted header block.
	headerFrom = regexp.MustCompile(`(?i)^\s*\*?(from|de|von|van|da|från|от)\s*\*?\s*:`)
	headerSent = regexp.MustCompile(`(?i)^\s*\*?(sent|envoyé|gesendet|enviado|inviato|verzonden|skickat|отправлено)\s*\*?\s*:`)
	// forwardMarker starts forwarded content, which is kept.
	forwardMarker = regexp.MustCompile(`(?i)^\s*(-{3,}\s*(forwarded message|message transféré|weitergeleitete nachricht|mensaje reenviado)\s*-{3,}|begin forwarded message:)\s*$`)
)

// TrimQuoted removes the quoted history from a reply's text, for showing a
// thread: everything from a reply attribution ("On … wrote:", localised,
// possibly wrapped over up to three lines), an Outlook "Original Message"
// separator or "From:/Sent:" header block, and a trailing run of ">" lines.
// Forwarded messages are content and are kept. It never returns an empty
// text when the input had any unquoted text.
func TrimQuoted(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	cut := len(lines)
	for i := 0; i < len(lines); i++ {
		if forwardMarker.MatchString(lines[i]) {
			break // what follows is the forwarded message itself
		}
		if historyStart(lines, i) {
			cut = i
			break
		}
	}
	// Drop the trailing ">" block (and blank lines among it).
	end := cut
	for end > 0 {
		l := strings.TrimSpace(lines[end-1])
		if l != "" && !strings.HasPrefix(l, ">") {
			break
		}
		end--
	}
	out := strings.TrimRight(strings.Join(lines[:end], "\n"), " \t\n")
	if strings.TrimSpace(out) == "" {
		return strings.TrimSpace(text)
	}
	return out
}

// historyStart reports whether quoted history begins at line i.
func historyStart(lines []string, i int) bool {
	line := strings.TrimSpace(lines[i])
	if line == "" {
		return false
	}
	if originalMessage.MatchString(line) {
		return true
	}
	if strings.Trim(line, "_") == "" && len(line) >= 10 && i+1 < len(lines) && headerFrom.MatchString(nextNonBlank(lines, i+1)) {
		return true // Outlook's underscore rule before the header block
	}
	if headerFrom.MatchString(line) {
		for j := i + 1; j < len(lines) && j <= i+4; j++ {
			if headerSent.MatchString(lines[j]) {
				return true
			}
		}
	}
	if !attributionStart.MatchString(line) && !quoteFollows(lines, i) {
		return false
	}
	// The attribution may wrap: join up to three lines and look for the end.
	joined := ""
	for j := i; j < len(lines) && j < i+3; j++ {
		l := strings.TrimSpace(lines[j])
		if l == "" || strings.HasPrefix(l, ">") {
			break
		}
		joined = strings.TrimSpace(joined + " " + l)
		if attributionEnd.MatchString(joined) {
			return true
		}
	}
	return false
}

// quoteFollows reports whether the lines after i's paragraph are ">" quotes.
func quoteFollows(lines []string, i int) bool {
	for j := i + 1; j < len(lines) && j <= i+4; j++ {
		l := strings.TrimSpace(lines[j])
		if strings.HasPrefix(l, ">") {
			return true
		}
	}
	return false
}

func nextNonBlank(lines []string, i int) string {
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return lines[i]
		}
	}
	return ""
}
