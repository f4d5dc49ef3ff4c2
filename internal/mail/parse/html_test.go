package parse

import (
	"strings"
	"testing"
)

const newsletterSample = `<html><head><style>p{color:red}</style><script>track()</script></head><body>
<div style="display:none">preheader</div>
<table role="presentation"><tr><td><h1>News &amp; views</h1><p>Hi&nbsp;&nbsp;there</p>
<ul><li>One</li><li><a href="https://x.example/a">Two</a></li></ul>
<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Tea</td><td>&euro;3</td></tr></table>
<img src="https://t.example/p.gif" width="1" height="1"><img src="https://x.example/logo.png">
</td></tr></table></body></html>`

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"newsletter", newsletterSample, "# News & views\n\nHi there\n\n- One\n- [Two](https://x.example/a)\n\n| Item | Cost |\n|---|---|\n| Tea | €3 |"},
		{"entities", "<p>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#8364;</p>", `a < b && c > d "q" €`},
		{"style and script dropped", "<style>.x{}</style><script>var a=1</script><p>text</p>", "text"},
		{"head dropped", "<head><title>T</title></head><body>b</body>", "b"},
		{"hidden attr", "<p>a</p><p hidden>b</p><p aria-hidden=true>c</p>", "a"},
		{"display none", `<p>a</p><div style="DISPLAY: none !important">b</div>`, "a"},
		{"preheader max-height", `<div style="max-height:0px;overflow:hidden">pre</div><p>a</p>`, "a"},
		{"mso conditional", "<!--[if mso]><p>outlook</p><![endif]--><p>a</p>", "a"},
		{"pixel by attr", `<p>a<img src="x.gif" width="1" height="1" alt="pixel"></p>`, "a"},
		{"pixel by style", `<p>a<img src="x.gif" style="width:0px;height:0px" alt="x"></p>`, "a"},
		{"image without alt", `<p>a<img src="photo.jpg"></p>`, "a"},
		{"image alt kept", `<p><img src="photo.jpg" alt="Team photo"> b</p>`, "Team photo b"},
		{"link", `<a href="https://x.example/p">read more</a>`, "[read more](https://x.example/p)"},
		{"link text equals url", `<a href="https://x.example/">https://x.example/</a>`, "https://x.example/"},
		{"link text is bare domain", `<a href="https://www.x.example">x.example</a>`, "https://www.x.example"},
		{"mailto", `<a href="mailto:a@x.example">a@x.example</a>`, "a@x.example"},
		{"javascript link", `<a href="javascript:alert(1)">click</a>`, "click"},
		{"empty link", `a<a href="https://x.example/"> </a>b`, "a b"},
		{"image link", `<a href="https://x.example/"><img src="b.png" alt="Buy"></a>`, "[Buy](https://x.example/)"},
		{"ordered list", "<ol><li>x</li><li>y</li></ol>", "1. x\n2. y"},
		{"layout table", "<table><tr><td>left</td></tr><tr><td>right</td></tr></table>", "left\n\nright"},
		{"whitespace", "<p>a   \n\t b</p>\n\n\n<p>c&nbsp;</p><p>&zwnj;&nbsp;</p><br><br><br><p>d</p>", "a b\n\nc\n\nd"},
		{"br", "<p>a<br>b</p>", "a\nb"},
		{"empty", "", ""},
		{"plain text", "just text", "just text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeHTML(t *testing.T) {
	tests := []struct {
		name, in    string
		keep, avoid []string
	}{
		{"script", `<p>a</p><script>alert(1)</script>`, []string{"<p>a</p>"}, []string{"script", "alert"}},
		{"style", `<style>p{}</style><p style="color:red">a</p>`, []string{`style="color:red"`}, []string{"<style"}},
		{"handlers", `<img src="x.png" onerror="alert(1)" alt="x">`, []string{`src="x.png"`}, []string{"onerror"}},
		{"javascript url", `<a href=" JaVa&#x09;script:alert(1)">x</a>`, []string{">x</a>"}, []string{"alert", "href"}},
		{"data svg", `<img src="data:image/svg+xml;base64,PHN2Zz4=">`, []string{"<img"}, []string{"data:"}},
		{"data png kept", `<img src="data:image/png;base64,iVBO">`, []string{"data:image/png"}, nil},
		{"iframe object form", `<iframe src="https://e"></iframe><object data="x"></object><form action="/x"><input name=a><button>go</button></form>b`, []string{"b"}, []string{"iframe", "object", "form", "input", "button"}},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://evil"><p>a</p>`, []string{"<p>a</p>"}, []string{"refresh"}},
		{"css expression", `<div style="width:expression(alert(1))">a</div>`, []string{"<div>a</div>"}, []string{"expression"}},
		{"svg script", `<svg><script>alert(1)</script></svg>ok`, []string{"ok"}, []string{"svg", "alert"}},
		{"unknown element unwrapped", `<o:p>kept</o:p><xss onclick="x">also</xss>`, []string{"kept", "also"}, []string{"onclick", "<xss", "<o:p"}},
		{"links kept", `<a href="https://x.example/" title="t">x</a>`, []string{`href="https://x.example/"`}, nil},
		{"cid kept", `<img src="cid:logo@x">`, []string{`src="cid:logo@x"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SanitizeHTML(tt.in)
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("SanitizeHTML(%q) = %q, want it to contain %q", tt.in, got, k)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(strings.ToLower(got), a) {
					t.Errorf("SanitizeHTML(%q) = %q, must not contain %q", tt.in, got, a)
				}
			}
		})
	}
}

// TestHTMLToTextDeepNesting guards against the converter's steep cost on
// deeply nested quotes and lists (7 s for 500 levels before the cap): the
// text must still come out whole.
func TestHTMLToTextDeepNesting(t *testing.T) {
	for _, tag := range []string{"blockquote", "ul", "ol"} {
		inner := "<" + tag + ">"
		if tag != "blockquote" {
			inner += "<li>"
		}
		s := strings.Repeat(inner+"x", 500)
		got := HTMLToText(s)
		if n := strings.Count(got, "x"); n != 500 {
			t.Errorf("%s nested 500 deep: %d of 500 texts came out", tag, n)
		}
	}
}
