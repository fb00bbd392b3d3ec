package importer

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// lineReader splits input into lines of any length. A line is returned
// without its "\n" or "\r\n"; the slice is valid until the next call.
type lineReader struct {
	br      *bufio.Reader
	long    []byte
	started bool
	eof     bool
}

func (l *lineReader) init(rd io.Reader) {
	l.br = bufio.NewReaderSize(rd, 64<<10)
}

// MaxLine is the longest line kept, in bytes; the rest of a longer line is
// read and dropped (at a character boundary), so a hostile file cannot
// make the reader hold more than this per line.
const MaxLine = 1 << 20

// cutRunes drops an incomplete UTF-8 sequence left at the end of b by a
// cut, so that a valid UTF-8 line stays valid.
func cutRunes(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// next returns the next line, or io.EOF (or a read error) when none is
// left. A last line without a newline is still a line.
func (l *lineReader) next() ([]byte, error) {
	if l.eof {
		return nil, io.EOF
	}
	b, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], b...)
		cut := false
		for err == bufio.ErrBufferFull {
			b, err = l.br.ReadSlice('\n')
			if len(l.long)+len(b) > MaxLine {
				b = b[:MaxLine-len(l.long)]
				cut = true
			}
			l.long = append(l.long, b...)
		}
		b = l.long
		if cut {
			b = cutRunes(b)
		}
	}
	if err != nil {
		if err != io.EOF {
			return nil, err
		}
		l.eof = true
		if len(b) == 0 {
			return nil, io.EOF
		}
	}
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	if !l.started {
		l.started = true
		b = bytes.TrimPrefix(b, bom)
	}
	return b, nil
}

// toUTF8 returns b if it is valid UTF-8, else b decoded as Latin-1 (into
// a scratch buffer).
func (r *Reader) toUTF8(b []byte) []byte {
	if plaintext.ASCII(b) || utf8.Valid(b) {
		return b
	}
	out := r.scratch[:0]
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = append(out, 0xC0|c>>6, 0x80|c&0x3F)
		}
	}
	r.scratch = out
	return out
}

func indexString(b []byte, s string) int {
	return bytes.Index(b, []byte(s))
}
