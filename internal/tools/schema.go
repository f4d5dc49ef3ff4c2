package tools

import (
	"fmt"

	"github.com/google/jsonschema-go/jsonschema"
)

// schemaFor derives a JSON schema from T and makes it portable: the inferred
// ["null","array"] style types are rejected by strict clients, so nullable
// unions collapse to their non-null type (handlers never emit null for them).
func schemaFor[T any]() *jsonschema.Schema {
	s, err := jsonschema.For[T](nil)
	if err != nil {
		// Types are fixed at compile time: this is a programming error.
		panic(fmt.Sprintf("schema for %T: %v", *new(T), err))
	}
	dropNull(s)
	return s
}

func dropNull(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	if len(s.Types) > 0 {
		var kept []string
		for _, t := range s.Types {
			if t != "null" {
				kept = append(kept, t)
			}
		}
		if len(kept) == 1 {
			s.Type, s.Types = kept[0], nil
		} else {
			s.Types = kept
		}
	}
	for _, p := range s.Properties {
		dropNull(p)
	}
	dropNull(s.Items)
	dropNull(s.AdditionalProperties)
	for _, sub := range s.AnyOf {
		dropNull(sub)
	}
	for _, sub := range s.OneOf {
		dropNull(sub)
	}
	for _, sub := range s.AllOf {
		dropNull(sub)
	}
	for _, sub := range s.Defs {
		dropNull(sub)
	}
}
