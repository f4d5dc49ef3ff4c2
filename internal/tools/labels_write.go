package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// maxModifyIDs is Gmail's batchModify limit; one call of modify_labels is one
// batchModify at most.
const maxModifyIDs = 1000

type markReadInput struct {
	MessageID string `json:"message_id" jsonschema:"the email to mark, from list_emails or search_emails"`
	Read      *bool  `json:"read,omitempty" jsonschema:"true (default) marks it read, false marks it unread"`
}

type markReadOutput struct {
	MessageID string `json:"message_id"`
	Read      bool   `json:"read"`
	Message   string `json:"message"`
}

func markEmailRead(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:        "mark_email_read",
		Title:       "Mark an email read or unread",
		Description: "Mark an email as read (the default) or, with read=false, as unread. Repeating it changes nothing more.",
		Annotations: writeAnnotations("Mark an email read or unread", false, true),
	}, true, d, func(ctx context.Context, _ *mcp.CallToolRequest, in markReadInput) (*mcp.CallToolResult, markReadOutput, error) {
		id, err := checkID("message_id", in.MessageID)
		if err != nil {
			return nil, markReadOutput{}, err
		}
		read := in.Read == nil || *in.Read
		var add, remove []string
		state := "read"
		if read {
			remove = []string{mail.LabelUnread}
		} else {
			add, state = []string{mail.LabelUnread}, "unread"
		}
		if err := d.Mailbox.Modify(ctx, []string{id}, add, remove); err != nil {
			audit(d, "mark_email_read", outcomeFailed, "message_id", id, "read", read)
			return nil, markReadOutput{}, notFound(err, "message", id)
		}
		audit(d, "mark_email_read", outcomeDone, "message_id", id, "read", read)
		out := markReadOutput{MessageID: id, Read: read, Message: fmt.Sprintf("Marked email %s %s.", id, state)}
		return textResult(out.Message), out, nil
	})
}

type modifyLabelsInput struct {
	MessageIDs []string `json:"message_ids" jsonschema:"the emails to change, 1 to 1000 ids from list_emails or search_emails"`
	Add        []string `json:"add,omitempty" jsonschema:"labels to add, by name or id: e.g. STARRED, IMPORTANT, UNREAD, INBOX, or a user label such as Receipts"`
	Remove     []string `json:"remove,omitempty" jsonschema:"labels to remove, by name or id: e.g. INBOX to archive, STARRED to unstar, UNREAD to mark read"`
}

type modifyLabelsOutput struct {
	MessageIDs []string `json:"message_ids"`
	Added      []string `json:"added" jsonschema:"label ids added"`
	Removed    []string `json:"removed" jsonschema:"label ids removed"`
	Message    string   `json:"message"`
}

func modifyLabels(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:  "modify_labels",
		Title: "Add or remove labels",
		Description: "Add and remove Gmail labels on up to 1000 emails at once, labels given by name or id. " +
			"Common uses: archive = remove INBOX; star = add STARRED (unstar: remove it); mark unread = add UNREAD; " +
			"important = add IMPORTANT; file into a folder = add the user label (see get_folders). " +
			"To move an email to the Trash use delete_email. Repeating it changes nothing more.",
		Annotations: writeAnnotations("Add or remove labels", false, true),
	}, true, d, func(ctx context.Context, _ *mcp.CallToolRequest, in modifyLabelsInput) (*mcp.CallToolResult, modifyLabelsOutput, error) {
		ids, err := checkIDs(in.MessageIDs)
		if err != nil {
			return nil, modifyLabelsOutput{}, err
		}
		if len(in.Add)+len(in.Remove) == 0 {
			return nil, modifyLabelsOutput{}, invalidf("nothing to change: name at least one label in add or remove (e.g. remove [\"INBOX\"] to archive)")
		}
		add, remove, err := resolveLabels(ctx, d, in.Add, in.Remove)
		if err != nil {
			return nil, modifyLabelsOutput{}, err
		}
		if err := d.Mailbox.Modify(ctx, ids, add, remove); err != nil {
			audit(d, "modify_labels", outcomeFailed, "messages", len(ids), "added", len(add), "removed", len(remove))
			return nil, modifyLabelsOutput{}, err
		}
		audit(d, "modify_labels", outcomeDone, "messages", len(ids), "first_message_id", ids[0], "added", len(add), "removed", len(remove))
		out := modifyLabelsOutput{MessageIDs: ids, Added: nonNil(add), Removed: nonNil(remove)}
		out.Message = fmt.Sprintf("Changed labels on %d email(s): added [%s], removed [%s].", len(ids), strings.Join(add, ", "), strings.Join(remove, ", "))
		return textResult(out.Message), out, nil
	})
}

// checkIDs validates and deduplicates message ids, keeping their order.
func checkIDs(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, invalidf("message_ids is empty: give at least one id from list_emails or search_emails")
	}
	if len(in) > maxModifyIDs {
		return nil, invalidf("%d message ids, more than the %d one call may change: split them into several calls", len(in), maxModifyIDs)
	}
	var ids []string
	for i, raw := range in {
		id, err := checkID(fmt.Sprintf("message_ids[%d]", i), raw)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// resolveLabels turns names or ids into label ids, naming every label that
// does not exist.
func resolveLabels(ctx context.Context, d *Deps, add, remove []string) (addIDs, removeIDs []string, err error) {
	var unknown []string
	resolve := func(field string, names []string) []string {
		var ids []string
		for _, n := range names {
			if err != nil {
				return nil
			}
			if strings.ContainsFunc(n, isControl) || strings.TrimSpace(n) == "" {
				err = invalidf("%s has an empty label or one with control characters: use label names such as STARRED or Receipts", field)
				return nil
			}
			l, e := d.Mailbox.ResolveLabel(ctx, n)
			switch {
			case mail.KindOf(e) == mail.KindNotFound:
				unknown = append(unknown, fmt.Sprintf("%q", truncateForError(n)))
			case e != nil:
				err = e
			case !slices.Contains(ids, l.ID):
				ids = append(ids, l.ID)
			}
		}
		return ids
	}
	addIDs, removeIDs = resolve("add", add), resolve("remove", remove)
	if err != nil {
		return nil, nil, err
	}
	if len(unknown) > 0 {
		return nil, nil, unknownLabels(ctx, d, unknown)
	}
	if slices.Contains(addIDs, mail.LabelTrash) {
		return nil, nil, invalidf("to move emails to the Trash use delete_email, not modify_labels")
	}
	for _, id := range addIDs {
		if slices.Contains(removeIDs, id) {
			return nil, nil, invalidf("label %s is both in add and in remove: name it in only one", id)
		}
	}
	return addIDs, removeIDs, nil
}

// unknownLabels names the labels that do not exist and lists those that do.
func unknownLabels(ctx context.Context, d *Deps, unknown []string) error {
	msg := fmt.Sprintf("nothing was changed: no label named %s", strings.Join(unknown, ", "))
	labels, err := d.Mailbox.Labels(ctx)
	if err != nil {
		return invalidf("%s: see get_folders for the labels that exist", msg)
	}
	const most = 60 // keep the error short in a mailbox with hundreds of labels
	names := make([]string, 0, min(len(labels), most+1))
	for i, l := range labels {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(labels)-most))
			break
		}
		names = append(names, l.Name)
	}
	return invalidf("%s; the labels are: %s", msg, strings.Join(names, ", "))
}
