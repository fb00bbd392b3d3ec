package minutes

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// hostileMeeting is participant text trying every trick on the writers.
func hostileMeeting() *meeting.Minutes {
	return fold(t0, []string{
		"<script> #startmeeting <script>alert(1)</script>",
		"<script> #meetingtopic \" onmouseover=alert(1) x=\"",
		"<script> #meetingname ../../etc/passwd",
		"<script> #chair a\"b <img>",
		"<script> #topic </title><script>alert(2)</script>",
		"<script> #info ' onclick='alert(3)",
		"<script> #link javascript:alert(4) bad",
		"<script> #link http://x\"onmouseover=\"alert(5) spoof",
		"<script> #link see https://ok.example/a'b\"c<d>e&f now",
		"<script> #link data:text/html,<script>alert(6)</script>",
		"<script> #idea \x02bold\x02 \x0304,01colour\x03 \x1b[31mred\x1b[0m \x1b]0;title\x07",
		"<script> #agreed invalid \xff\xfe utf8 \xc3",
		"<script> #accepted <font color=\"blue\">x</font>",
		"<script> #rejected </font></span><script>alert(9)</script>",
		"<script> #action <b>a\"b</b> fixes \u202ereversed\u202c",
		"a\"b <a href=x>hi</a>",
		"*<img> <iframe src=javascript:alert(7)>",
		"<script> #startvote <b>Q</b>? <i>x</i>, y\"",
		"a\"b #vote y\"",
		"<script> #endvote",
		"<script> a\"b: \"><svg onload=alert(8)>",
		"<script> line\r\nwith CR LF and NUL \x00 inside",
		"<script> #endmeeting",
	})
}

// allowed lists each element the HTML writers produce and the attributes
// they give it.
var allowed = map[string][]string{
	"html": nil, "head": nil, "body": nil, "title": nil, "style": {"type"},
	"meta": {"http-equiv", "content"}, "h1": nil, "h3": nil, "br": nil, "p": nil,
	"span": {"class"}, "a": {"href", "name"}, "ol": {"type"}, "li": nil,
	"b": {"class"}, "i": {"class"}, "pre": nil, "font": {"color"},
}

var allowedClasses = map[string]bool{}

func init() {
	for _, c := range strings.Fields("details TOPIC VOTE itemtype INFO IDEA AGREED ACCEPTED REJECTED ACTION LINK HELP tally tm nk nka ac hi topic topicline cmd cmdline") {
		allowedClasses[c] = true
	}
}

// TestHostileHTML parses the HTML outputs of a hostile meeting and checks
// that every element and attribute is one the writers make themselves,
// that no href has a scheme outside the allowed ones, and that no
// participant text turned into markup or escape codes.
func TestHostileHTML(t *testing.T) {
	m := hostileMeeting()
	for _, f := range []Format{FormatHTML, FormatLogHTML} {
		var b bytes.Buffer
		if err := Render(&b, f, m); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, bad := range []string{"\x1b", "\x00", "\x02", "\x03", "\u202e", "\r"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: contains %q", f, bad)
			}
		}
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				attrs, ok := allowed[n.Data]
				if !ok {
					t.Errorf("%s: element <%s>", f, n.Data)
				}
				for _, a := range n.Attr {
					okAttr := false
					for _, x := range attrs {
						okAttr = okAttr || a.Key == x
					}
					if !okAttr || a.Namespace != "" {
						t.Errorf("%s: <%s %s=%q>", f, n.Data, a.Key, a.Val)
					}
					switch a.Key {
					case "class":
						if !allowedClasses[a.Val] {
							t.Errorf("%s: class %q", f, a.Val)
						}
					case "href":
						if !safeHref(a.Val) {
							t.Errorf("%s: href %q", f, a.Val)
						}
					case "color":
						if a.Val != "green" && a.Val != "red" {
							t.Errorf("%s: color %q", f, a.Val)
						}
					case "type":
						if a.Val != "a" && a.Val != "text/css" {
							t.Errorf("%s: type %q", f, a.Val)
						}
					}
				}
			}
			if n.Type == html.ElementNode && n.Data == "title" && f == FormatHTML {
				// A participant's "</title>" must not have closed it early.
				if n.FirstChild == nil || n.FirstChild.Data != plaintext.Plain(Title(m)) {
					t.Errorf("title %+v", n.FirstChild)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if strings.Contains(out, "<script") || strings.Contains(out, "<svg") || strings.Contains(out, "<img") || strings.Contains(out, "<iframe") {
			t.Errorf("%s: raw markup from participants", f)
		}
	}
	var b bytes.Buffer
	HTML(&b, m)
	if !strings.Contains(b.String(), `href="http://x%22onmouseover=%22alert(5)">`) {
		t.Errorf("quote in URL not percent-encoded")
	}
	if !strings.Contains(b.String(), `href="https://ok.example/a%27b%22c%3Cd%3Ee&amp;f">`) {
		t.Errorf("URL specials not encoded")
	}
}

// safeHref accepts the writers' own links: in-page anchors, relative
// links to the meeting's files, the info URL and participant URLs with a
// linkable scheme.
func safeHref(h string) bool {
	if strings.HasPrefix(h, "#l-") || h == InfoURL {
		return true
	}
	if meeting.IsLinkScheme(h) {
		return true
	}
	// Relative: no scheme at all before the first '/', '?' or '#'.
	end := strings.IndexAny(h, "/?#")
	if end < 0 {
		end = len(h)
	}
	return !strings.Contains(h[:end], ":") && strings.Contains(h, ".html")
}

// TestHostileText: the .txt and Markdown minutes carry no control
// characters, and the .log.txt no line breaks inside a line and no NUL.
func TestHostileText(t *testing.T) {
	m := hostileMeeting()
	var b bytes.Buffer
	Text(&b, m)
	for i, r := range b.String() {
		if (r < 0x20 && r != '\n') || r == 0x7f || r == 0x202e || r == '\r' {
			t.Fatalf("txt: control %q at %d", r, i)
		}
	}
	if strings.Contains(b.String(), "&lt;") {
		t.Error("txt is HTML-escaped")
	}
	b.Reset()
	LogText(&b, m)
	if strings.Contains(b.String(), "\x00") || strings.Contains(b.String(), "\r") {
		t.Error("log.txt: NUL or CR")
	}
	if n := strings.Count(b.String(), "\n") + 1; n != m.Log.Len() {
		t.Errorf("log.txt: %d lines for %d", n, m.Log.Len())
	}
}
