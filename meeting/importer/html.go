package importer

import (
	"bytes"
	"html"
)

// parseHTML parses one line of a MeetBot .log.html: tags are dropped,
// entities decoded, and what is left ("HH:MM:SS <nick> text" or
// "HH:MM:SS * nick text") is parsed as a .log.txt line. Lines of the page
// around the <pre> have no time stamp and are skipped.
func (r *Reader) parseHTML(b []byte) bool {
	if bytes.IndexByte(b, '<') < 0 && bytes.IndexByte(b, '&') < 0 {
		return r.parseText(b, false)
	}
	out := r.scratch2[:0]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			out = append(out, b...)
			break
		}
		out = append(out, b[:i]...)
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			break // an unterminated tag: drop the rest
		}
		b = b[i+j+1:]
	}
	r.scratch2 = out
	if bytes.IndexByte(out, '&') >= 0 {
		out = []byte(html.UnescapeString(string(out)))
	}
	return r.parseText(out, false)
}
