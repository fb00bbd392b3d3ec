package minutes

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/gavel-irc/gavel/meeting"
)

// JSON writes the minutes as indented JSON. Text is kept as said (JSON
// escapes control characters itself); HTML characters are not escaped so
// the file stays readable.
func JSON(w io.Writer, m *meeting.Minutes) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	return bw.Flush()
}
