package metrics

import "strings"

// Gmail method names are Google's own (as in the quota table), so one name
// keys both the metric label and the quota cost.
const (
	MethodOther = "other" // a path this code does not know
	MethodBatch = "batch" // the batch/gmail/v1 multipart endpoint
)

// collectionVerbs are POST actions on a whole collection, e.g.
// messages/send; they are told apart from an id by name.
var collectionVerbs = map[string]map[string]bool{
	"messages": {"send": true, "import": true, "batchModify": true, "batchDelete": true},
	"drafts":   {"send": true},
}

// createNames is what a POST on a bare collection does.
var createNames = map[string]string{
	"messages": "insert", "drafts": "create", "labels": "create",
}

// GmailMethod names the Gmail API method a request calls (e.g. "messages.get",
// "messages.send", "messages.attachments.get") from its HTTP method and URL
// path, media-upload paths (/upload/gmail/v1/...) included. Ids never appear in
// the result, so it is safe as a metric label.
func GmailMethod(method, path string) string {
	if strings.HasSuffix(strings.TrimSuffix(path, "/"), "/batch/gmail/v1") {
		return MethodBatch
	}
	i := strings.Index(path, "/gmail/v1/")
	if i < 0 {
		return MethodOther
	}
	segs := strings.Split(strings.Trim(path[i+len("/gmail/v1/"):], "/"), "/")
	if len(segs) < 3 || segs[0] != "users" {
		return MethodOther
	}
	resource, rest := segs[2], segs[3:]
	switch resource {
	case "profile":
		return named(method == "GET" && len(rest) == 0, "getProfile")
	case "history":
		return named(method == "GET" && len(rest) == 0, "history.list")
	case "watch", "stop":
		return named(method == "POST" && len(rest) == 0, resource)
	case "settings":
		return "settings"
	case "messages", "drafts", "threads", "labels":
		return collectionMethod(resource, method, rest)
	}
	return MethodOther
}

func collectionMethod(resource, method string, rest []string) string {
	switch len(rest) {
	case 0:
		switch method {
		case "GET":
			return resource + ".list"
		case "POST":
			if c, ok := createNames[resource]; ok {
				return resource + "." + c
			}
		}
		return MethodOther
	case 1:
		if method == "POST" && collectionVerbs[resource][rest[0]] {
			return resource + "." + rest[0]
		}
		switch method {
		case "GET":
			return resource + ".get"
		case "DELETE":
			return resource + ".delete"
		case "PUT":
			return resource + ".update"
		case "PATCH":
			return resource + ".patch"
		}
		return MethodOther
	case 2:
		switch rest[1] {
		case "modify", "trash", "untrash":
			return named(method == "POST" && resource != "drafts" && resource != "labels", resource+"."+rest[1])
		}
		return MethodOther
	case 3:
		return named(resource == "messages" && rest[1] == "attachments" && method == "GET", "messages.attachments.get")
	}
	return MethodOther
}

func named(ok bool, name string) string {
	if ok {
		return name
	}
	return MethodOther
}
