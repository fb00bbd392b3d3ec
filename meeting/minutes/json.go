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
func JSON(w io.Writer, m *meeting.Minutes) error {
	out := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		out.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
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
		for j := 0; j < fv.Len(); j++ {
			if j > 0 {
				out.WriteString(",")
			}
			out.WriteString("\n    ")
			if err := put(fv.Index(j).Interface()); err != nil {
				return err
			}
		}
		out.WriteString("\n  ]")
	}
	out.WriteString("\n}\n")
	return out.Flush()
}
