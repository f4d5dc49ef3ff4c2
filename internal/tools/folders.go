package tools

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// folderOrder is the order Gmail's sidebar shows its main system labels in.
var folderOrder = []string{
	mail.LabelInbox, mail.LabelStarred, mail.LabelImportant, mail.LabelSent,
	mail.LabelDraft, mail.LabelSpam, mail.LabelTrash,
}

type foldersInput struct{}

type folder struct {
	ID             string `json:"id" jsonschema:"label id, e.g. INBOX or Label_12"`
	Name           string `json:"name" jsonschema:"label name; list_emails takes it as folder"`
	Type           string `json:"type" jsonschema:"system (Gmail's own) or user"`
	MessagesTotal  int    `json:"messages_total"`
	MessagesUnread int    `json:"messages_unread"`
	ThreadsTotal   int    `json:"threads_total"`
	ThreadsUnread  int    `json:"threads_unread"`
}

type foldersOutput struct {
	Folders []folder `json:"folders" jsonschema:"INBOX, STARRED, IMPORTANT, SENT, DRAFT, SPAM, TRASH, then user labels by name, then Gmail's category tabs and other system labels that hold mail"`
}

func getFolders(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:  "get_folders",
		Title: "List folders (labels)",
		Description: "List the mailbox's folders — Gmail labels, system (INBOX, STARRED, IMPORTANT, SENT, DRAFT, SPAM, TRASH) and the user's own — " +
			"with message and unread counts. Any name shown can be passed to list_emails as folder.",
		Annotations: readOnlyAnnotations("List folders (labels)"),
	}, false, d, func(ctx context.Context, _ *mcp.CallToolRequest, _ foldersInput) (*mcp.CallToolResult, foldersOutput, error) {
		labels, err := d.Mailbox.Labels(ctx)
		if err != nil {
			return nil, foldersOutput{}, err
		}
		out := foldersOutput{Folders: folders(labels)}
		return textResult(foldersText(out)), out, nil
	})
}

// folders orders labels as a person scans them: the main system folders in
// Gmail's order, the user's labels by name, then the rest of Gmail's system
// labels (CATEGORY_ tabs, CHAT, UNREAD…) only when they hold mail.
func folders(labels []mail.Label) []folder {
	rank := func(l mail.Label) int {
		if i := slices.Index(folderOrder, l.ID); i >= 0 {
			return i
		}
		if l.Type == mail.LabelUser {
			return len(folderOrder)
		}
		return len(folderOrder) + 1
	}
	kept := make([]mail.Label, 0, len(labels))
	for _, l := range labels {
		if rank(l) > len(folderOrder) && l.MessagesTotal == 0 {
			continue
		}
		kept = append(kept, l)
	}
	slices.SortStableFunc(kept, func(a, b mail.Label) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	out := make([]folder, 0, len(kept))
	for _, l := range kept {
		out = append(out, folder{
			ID: l.ID, Name: l.Name, Type: string(l.Type), MessagesTotal: l.MessagesTotal,
			MessagesUnread: l.MessagesUnread, ThreadsTotal: l.ThreadsTotal, ThreadsUnread: l.ThreadsUnread,
		})
	}
	return out
}

func foldersText(o foldersOutput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d folders:\n", len(o.Folders))
	for _, f := range o.Folders {
		fmt.Fprintf(&b, "%s: %s, %d unread", f.Name, plural(f.MessagesTotal, "message"), f.MessagesUnread)
		if f.ID != f.Name {
			fmt.Fprintf(&b, " (id %s)", f.ID)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
