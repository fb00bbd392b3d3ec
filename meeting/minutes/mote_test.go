package minutes

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestMoteScrape reads the .html minutes the way Fedora's mote does: the
// start and end times by regexp, the people from the <ol> after "People
// present", the topics as li > b.TOPIC in the <ol> after "<h3>Meeting
// summary</h3>".
func TestMoteScrape(t *testing.T) {
	m := fullMeeting()
	var b bytes.Buffer
	if err := HTML(&b, m); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if s := regexp.MustCompile(`Meeting started.* at (\d+:\d+:\d+) UTC`).FindStringSubmatch(page); s == nil || s[1] != "15:00:00" {
		t.Errorf("start %q", s)
	}
	if s := regexp.MustCompile(`Meeting ended.* at (\d+:\d+:\d+) UTC`).FindStringSubmatch(page); s == nil || s[1] != clock(*m.Ended) {
		t.Errorf("end %q", s)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var nodes []*html.Node // document order
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		nodes = append(nodes, n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	text := func(n *html.Node) string {
		var s strings.Builder
		var f func(*html.Node)
		f = func(n *html.Node) {
			if n.Type == html.TextNode {
				s.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				f(c)
			}
		}
		f(n)
		return s.String()
	}
	nextOL := func(after func(*html.Node) bool) *html.Node {
		found := false
		for _, n := range nodes {
			if !found && after(n) {
				found = true
			} else if found && n.Type == html.ElementNode && n.Data == "ol" {
				return n
			}
		}
		return nil
	}
	people := nextOL(func(n *html.Node) bool { return n.Type == html.TextNode && strings.Contains(n.Data, "People present") })
	var got []string
	for li := people.FirstChild; li != nil; li = li.NextSibling {
		if li.Type == html.ElementNode && li.Data == "li" {
			got = append(got, text(li))
		}
	}
	var want []string
	for _, p := range m.People {
		want = append(want, fmt.Sprintf("%s (%d)", p.Nick, p.Lines))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("people %q, want %q", got, want)
	}
	summary := nextOL(func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "h3" && text(n) == "Meeting summary"
	})
	got = got[:0]
	for li := summary.FirstChild; li != nil; li = li.NextSibling {
		for c := li.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "b" && len(c.Attr) == 1 && c.Attr[0].Val == "TOPIC" {
				got = append(got, text(c))
			}
		}
	}
	if strings.Join(got, "|") != "Review meeting agenda|Releases" {
		t.Errorf("topics %q", got)
	}
	title := regexp.MustCompile(`<title>(.*)</title>`).FindStringSubmatch(page)
	if title == nil || regexp.MustCompile(`^.*: `).ReplaceAllString(title[1], "") != "infrastructure sync" {
		t.Errorf("title %q", title)
	}
}
