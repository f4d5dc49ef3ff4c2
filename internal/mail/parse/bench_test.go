package parse

import (
	"testing"
)

func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"21-large-300k", "01-newsletter-html-only", "18-nested-mixed-alt-related"} {
		m := loadEML(b, "testdata/corpus/"+name+".eml")
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := Read(m); r.Text == "" {
					b.Fatal("empty text")
				}
			}
		})
	}
}

func BenchmarkHTMLToText(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if HTMLToText(newsletterSample) == "" {
			b.Fatal("empty text")
		}
	}
}
