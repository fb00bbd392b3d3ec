package archive

import (
	"cmp"
	"slices"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// Full-text rows. Both tables keep no text, only a rowid per line or item:
//
//	meeting id << lineBits | type code << nBits | n
//
// In lines_fts, n is the line number and the type code says which
// minutes item the line made (0 for chatter): a match in a line that made
// a decision is a match in a decision, with no second copy of its words.
// items_fts holds only the items whose text is not in their line (edited
// by an amendment, or with no line), n their position in
// Minutes.AllItems. Meeting ids are chronological, so rowid order is time
// order, meeting by meeting.
const (
	lineBits = 24
	nBits    = 20
	nMask    = 1<<nBits - 1
	lineMask = 1<<lineBits - 1
)

// itemTypes are the type codes of full-text rowids (0: none).
var itemTypes = []meeting.ItemType{"", meeting.TypeTopic, meeting.TypeInfo, meeting.TypeIdea, meeting.TypeAgreed,
	meeting.TypeAccepted, meeting.TypeRejected, meeting.TypeAction, meeting.TypeLink, meeting.TypeHelp, meeting.TypeVote}

func itemCode(t meeting.ItemType) int64 {
	if i := slices.Index(itemTypes, t); i > 0 {
		return int64(i)
	}
	return 0
}

func itemTypeOf(code int64) string {
	if code > 0 && code < int64(len(itemTypes)) {
		return string(itemTypes[code])
	}
	return ""
}

func rowID(id, code int64, n int) int64 { return id<<lineBits | code<<nBits | int64(n) }

func splitRowID(r int64) (id, code int64, n int) {
	return r >> lineBits, (r >> nBits) & 15, int(r & nMask)
}

// ftsRow is one full-text row to write (or to delete: FTS5 needs the
// very text that was indexed).
type ftsRow struct {
	rowid int64
	text  string
}

// ftsRows computes a meeting's full-text rows from its minutes and lines.
// Writing and purging both use it, so they always agree.
func ftsRows(id int64, m *meeting.Minutes, lines []meeting.Line) (lineRows, itemRows []ftsRow) {
	codeOf := map[int]int64{} // line number → item type code
	all := m.AllItems()
	for i, it := range all {
		if i > nMask {
			break
		}
		n := it.Line
		if n >= 1 && n <= len(lines) && n <= nMask && strings.Contains(strings.ToLower(lines[n-1].Text), strings.ToLower(it.Text)) {
			if c := itemCode(it.Type); c != 0 && itemWeight(itemTypeOf(c)) > itemWeight(itemTypeOf(codeOf[n])) {
				codeOf[n] = c
			}
			continue
		}
		itemRows = append(itemRows, ftsRow{rowID(id, itemCode(it.Type), i), it.Text})
	}
	for i, l := range lines {
		n := i + 1
		if n > nMask {
			break
		}
		lineRows = append(lineRows, ftsRow{rowID(id, codeOf[n], n), l.Text})
	}
	// In rowid order: FTS5 flushes its pending terms to a new segment
	// whenever a rowid is not above the last one written.
	byRowID := func(x, y ftsRow) int { return cmp.Compare(x.rowid, y.rowid) }
	slices.SortFunc(lineRows, byRowID)
	slices.SortFunc(itemRows, byRowID)
	return lineRows, itemRows
}
