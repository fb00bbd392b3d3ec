package importer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
)

// Unparsed counts the input lines a Reader could not read: inside the log
// (after its first log line and before its last), not blank, and without
// the format's time stamp — so neither a log line nor one the format
// knowingly skips (mode changes, "--- Day changed", a page's HTML around
// the log). They are not in the meeting; the caller says so.
type Unparsed struct {
	Count int
	// First holds the 1-based input line numbers of the first few.
	First []int
}

const unparsedFirst = 5

func (u *Unparsed) note(lineNo int) {
	u.Count++
	if len(u.First) < unparsedFirst {
		u.First = append(u.First, lineNo)
	}
}

func (u *Unparsed) add(v Unparsed) {
	u.Count += v.Count
	for _, n := range v.First {
		if len(u.First) < unparsedFirst {
			u.First = append(u.First, n)
		}
	}
}

// String is "3 lines (12, 40, 41)" ("" for none).
func (u Unparsed) String() string {
	if u.Count == 0 {
		return ""
	}
	nums := make([]string, len(u.First))
	for i, n := range u.First {
		nums[i] = fmt.Sprint(n)
	}
	more := ""
	if u.Count > len(u.First) {
		more = ", …"
	}
	noun := "lines"
	if u.Count == 1 {
		noun = "line"
	}
	return fmt.Sprintf("%d %s (%s%s)", u.Count, noun, strings.Join(nums, ", "), more)
}

// Unparsed reports the lines read so far that could not be read as log
// lines. Lines after the last log line (a page's footer) never count.
func (r *Reader) Unparsed() Unparsed { return r.unparsed }

// unreadable reports whether a skipped (UTF-8) input line is one the
// format could not read, rather than blank or time-stamped.
func (r *Reader) unreadable(b []byte) bool {
	if r.format == MeetBotHTML {
		b = stripTags(b)
	}
	b = trimBlanks(b)
	if len(b) == 0 {
		return false
	}
	switch r.format {
	case WeeChat:
		_, _, _, ok := weechatStamp(b)
		return !ok
	case Irssi:
		if bytes.HasPrefix(b, []byte("--- ")) {
			return false
		}
	}
	_, _, ok := splitStamp(b)
	return !ok
}

// stripTags drops HTML tags (for the unparsed check only: cheap, no
// entities).
func stripTags(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i]...)
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			return out
		}
		b = b[i+j+1:]
	}
	return out
}

// ContextReader returns r that fails reads once ctx is done, so whatever
// reads it stops within one buffer of a cancel, however long the input.
func ContextReader(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx, r} }

// ctxReader is ContextReader's reader.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	// Small reads, so a caller with a huge buffer (ReadFrom into a
	// pre-grown buffer) still looks at ctx every MiB.
	return c.r.Read(p[:min(len(p), 1<<20)])
}
