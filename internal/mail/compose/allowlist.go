package compose

import (
	"fmt"
	netmail "net/mail"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// AllowList is GMAIL_MCP_ALLOWED_RECIPIENTS: the only recipients mail may go
// to. Entries, compared case-insensitively:
//
//	ann@example.com   exactly this address
//	@example.com      any address at example.com (not its subdomains);
//	                  "*@example.com" is read the same way
//	@.example.com     any address at a subdomain of example.com, e.g.
//	                  eng.example.com (not example.com itself: list both)
//
// The zero AllowList allows everyone.
type AllowList struct {
	addresses  map[string]bool
	domains    map[string]bool
	subdomains []string // ".example.com"
}

// ParseAllowList reads the entries; blank entries are skipped (a trailing
// comma in the variable is harmless). An error names every bad entry.
func ParseAllowList(entries []string) (AllowList, error) {
	a := AllowList{addresses: map[string]bool{}, domains: map[string]bool{}}
	var problems []string
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if strings.HasPrefix(e, "*@") {
			e = e[1:]
		}
		switch {
		case e == "":
		case strings.HasPrefix(e, "@."):
			if !isDomain(e[2:]) {
				problems = append(problems, fmt.Sprintf("%q is not a domain pattern", e))
				continue
			}
			a.subdomains = append(a.subdomains, e[1:])
		case strings.HasPrefix(e, "@"):
			if !isDomain(e[1:]) {
				problems = append(problems, fmt.Sprintf("%q is not a domain pattern", e))
				continue
			}
			a.domains[e[1:]] = true
		default:
			if p, err := netmail.ParseAddress(e); err != nil || p.Address != e || p.Name != "" {
				problems = append(problems, fmt.Sprintf("%q is not an email address", e))
				continue
			}
			a.addresses[e] = true
		}
	}
	if len(problems) > 0 {
		return AllowList{}, invalid(append([]string{"GMAIL_MCP_ALLOWED_RECIPIENTS: " + strings.Join(problems, ", ")},
			"use comma-separated addresses (ann@example.com), domains (@example.com) or subdomains (@.example.com)"))
	}
	return a, nil
}

// isDomain accepts a host name with at least one dot.
func isDomain(s string) bool {
	return isHostname(s) && strings.Contains(strings.Trim(s, "."), ".") &&
		!strings.HasPrefix(s, ".") && !strings.HasSuffix(s, ".") && !strings.Contains(s, "..")
}

// Empty reports whether the list allows everyone.
func (a AllowList) Empty() bool {
	return len(a.addresses) == 0 && len(a.domains) == 0 && len(a.subdomains) == 0
}

// Disallowed returns the addresses the list does not allow, deduplicated, in
// order; nil when all are allowed.
func (a AllowList) Disallowed(addrs ...mail.Address) []string {
	if a.Empty() {
		return nil
	}
	var out []string
	seen := addressSet{}
	for _, addr := range addrs {
		if !a.allows(addr.Email) && !seen.has(addr.Email) {
			seen.add(addr.Email)
			out = append(out, addr.Email)
		}
	}
	return out
}

func (a AllowList) allows(email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain := email[at+1:]
	if a.addresses[email] || a.domains[domain] {
		return true
	}
	for _, sub := range a.subdomains {
		if strings.HasSuffix(domain, sub) {
			return true
		}
	}
	return false
}
