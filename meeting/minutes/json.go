package minutes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// JSON writes the minutes as JSON: one top-level field per line and one
// array element (a topic, an action, a person …) per line, so the file
// reads well, diffs well and streams — a 200,000-line meeting never sits
// in memory as one encoded blob. Text is kept as said (JSON escapes
// control characters itself); HTML characters are not escaped.
func JSON(w io.Writer, m *meeting.Minutes) error { return writeJSON(w, m, true) }

// writeJSON writes the document; byHand picks jsonfast.go's encoders for
// the bulky element types, else every element goes through encoding/json
// (what the tests hold the hand-written encoders to).
func writeJSON(w io.Writer, m *meeting.Minutes, byHand bool) error {
	out := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// encode appends v as encoding/json writes it.
	encode := func(b []byte, v any) ([]byte, error) {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return b, err
		}
		return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
	}
	var el []byte // one encoded element
	put := func(v any) error {
		var err error
		el, err = encode(el[:0], v)
		out.Write(el)
		return err
	}
	v := reflect.ValueOf(m).Elem()
	t := v.Type()
	out.WriteString("{")
	first := true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		fv := v.Field(i)
		if name == "-" || !f.IsExported() || (opts == "omitempty" && fv.IsZero()) {
			continue
		}
		if !first {
			out.WriteString(",")
		}
		first = false
		out.WriteString("\n  ")
		put(name)
		out.WriteString(": ")
		if fv.Kind() != reflect.Slice || fv.Len() == 0 {
			if err := put(fv.Interface()); err != nil {
				return err
			}
			continue
		}
		out.WriteString("[")
		// The element encoder: by hand for the bulky types
		// (jsonfast.go), else encoding/json.
		var elem func(j int) ([]byte, error)
		s := fv.Interface()
		if !byHand {
			s = nil
		}
		switch s := s.(type) {
		case []meeting.Topic:
			elem = func(j int) ([]byte, error) { return appendTopic(el[:0], &s[j], encode) }
		case []meeting.Item:
			elem = func(j int) ([]byte, error) { return appendItem(el[:0], &s[j], encode) }
		case []meeting.ActionItem:
			elem = func(j int) ([]byte, error) { return appendAction(el[:0], &s[j], encode) }
		case []meeting.Person:
			elem = func(j int) ([]byte, error) { return appendPerson(el[:0], &s[j]), nil }
		default:
			elem = func(j int) ([]byte, error) { return encode(el[:0], fv.Index(j).Interface()) }
		}
		for j := 0; j < fv.Len(); j++ {
			if j > 0 {
				out.WriteString(",")
			}
			out.WriteString("\n    ")
			var err error
			if el, err = elem(j); err != nil {
				return err
			}
			out.Write(el)
		}
		out.WriteString("\n  ]")
	}
	out.WriteString("\n}\n")
	return out.Flush()
}
