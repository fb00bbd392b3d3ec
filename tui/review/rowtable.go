package review

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

const (
	colPad  = 2  // the gap after every column (the table's cell padding)
	minFlex = 20 // what a narrow window leaves the flexible column at least
	minCol  = 4  // what it leaves the others
)

// rowTable is a bubbles table for the review's list screens. Every cell is
// archive text that went through clean() before it got here. The cells are
// coloured by column, except the selected row's: a styled cell ends with a
// reset that would cut the selection's reverse short, so that row is
// swapped for its plain twin and reversed whole.
type rowTable struct {
	t      table.Model
	cells  [][]cell
	styled []table.Row // drawn lazily (styledRow)
	plain  []table.Row
	shown  []table.Row // what the table holds: styled, the selected row plain
	sel    int         // the row of shown that is plain now, -1 for none
	w, h   int         // the size it is given
	flex   int         // the column that takes the width the others leave
	fixed  []int       // columns that never shrink (dates, ids): cut, they mislead
}

// newRowTable moves with the review's own keys (j/k, pgup/pgdn, g/G) and
// no others, so a table key never shadows a screen's key (d, u, f …).
func newRowTable(k *KeyMap, cols ...table.Column) rowTable {
	none := key.NewBinding(key.WithDisabled())
	km := table.KeyMap{
		LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		GotoTop: k.Top, GotoBottom: k.Bottom, HalfPageUp: none, HalfPageDown: none,
	}
	return rowTable{t: table.New(table.WithColumns(cols), table.WithKeyMap(km), table.WithFocused(true)), sel: -1}
}

func (r *rowTable) setStyles(st *Styles) {
	r.t.SetStyles(table.Styles{
		Header:   st.Dim.Bold(true).PaddingRight(colPad),
		Cell:     lipgloss.NewStyle().PaddingRight(colPad),
		Selected: st.Selected,
	})
}

// keep marks columns a narrow window must not shrink.
func (r *rowTable) keep(cols ...int) { r.fixed = append(r.fixed, cols...) }

// setSize gives the table w cells and h lines (its header included); the
// column at flex takes what the others leave.
func (r *rowTable) setSize(w, h, flex int) {
	r.w, r.h, r.flex = w, h, flex
	r.layout()
}

// setWidth sets one column's width; the flexible one follows.
func (r *rowTable) setWidth(col, w int) {
	cols := slices.Clone(r.t.Columns())
	cols[col].Width = w
	r.t.SetColumns(cols)
	r.layout()
}

func (r *rowTable) layout() {
	if r.w <= 0 {
		return // no window size yet
	}
	cols := slices.Clone(r.t.Columns())
	cols[r.flex].Width = r.w - colPad*len(cols)
	for i, c := range cols {
		if i != r.flex {
			cols[r.flex].Width -= c.Width
		}
	}
	// A narrow window takes from the widest other columns, a cell at a
	// time, until the flexible one has minFlex (or none can give more).
	for cols[r.flex].Width < minFlex {
		wide := -1
		for i, c := range cols {
			if i != r.flex && !slices.Contains(r.fixed, i) && c.Width > minCol && (wide < 0 || c.Width > cols[wide].Width) {
				wide = i
			}
		}
		if wide < 0 {
			break
		}
		cols[wide].Width--
		cols[r.flex].Width++
	}
	cols[r.flex].Width = max(cols[r.flex].Width, 1)
	r.t.SetColumns(cols)
	r.t.SetWidth(r.w)
	r.t.SetHeight(r.h)
	r.place(r.t.Cursor())
}

// setRows replaces the rows (styled and plain, one for one) and puts the
// cursor on row cur, or the nearest one.
func (r *rowTable) setRows(rows [][]cell, cur int) {
	r.cells = rows
	r.plain, r.styled = make([]table.Row, len(rows)), make([]table.Row, len(rows))
	for i, cs := range rows {
		r.plain[i] = make(table.Row, len(cs))
		for j, c := range cs {
			r.plain[i][j] = c.plain()
		}
	}
	r.shown = slices.Clone(r.plain)
	r.sel = -1
	r.t.SetRows(r.shown)
	r.place(cur)
}

// styledRow is row i in colour, drawn the first time it is asked for:
// colouring thousands of rows up front would stall a reload, the table
// only ever draws the cursor's neighbourhood.
func (r *rowTable) styledRow(i int) table.Row {
	if r.styled[i] == nil {
		cs := r.cells[i]
		r.styled[i] = make(table.Row, len(cs))
		for j, c := range cs {
			r.styled[i][j] = c.styled()
		}
	}
	return r.styled[i]
}

// place moves the cursor to row i through the table's own moves, which
// keep its scroll offset right (SetCursor leaves the offset where it was).
func (r *rowTable) place(i int) {
	r.t.GotoTop()
	if i = min(i, len(r.shown)-1); i > 0 {
		r.t.MoveDown(i)
	}
	r.sync()
}

func (r *rowTable) update(msg tea.KeyPressMsg) {
	r.t, _ = r.t.Update(msg)
	r.sync()
}

// sync puts what the table is about to draw in r.shown, which the table
// holds itself: the rows around the cursor in colour (it draws the
// cursor's row ± its height), the selected one plain (see rowTable).
func (r *rowTable) sync() {
	if r.sel >= 0 && r.sel < len(r.shown) {
		r.shown[r.sel] = r.styledRow(r.sel)
	}
	r.sel = -1
	c, h := r.t.Cursor(), r.t.Height()
	for i := max(c-h, 0); i < min(c+h+1, len(r.shown)); i++ {
		r.shown[i] = r.styledRow(i)
	}
	if c >= 0 && c < len(r.shown) {
		r.shown[c] = r.plain[c]
		r.sel = c
	}
	r.t.UpdateViewport()
}

// cursor is the selected row (0 when there are none).
func (r *rowTable) cursor() int { return max(r.t.Cursor(), 0) }

// view draws the table, no line wider than the window even when the
// columns cannot shrink enough.
func (r *rowTable) view() string {
	lines := strings.Split(r.t.View(), "\n")
	for i, l := range lines {
		lines[i] = fit(l, r.w)
	}
	return strings.Join(lines, "\n")
}

// part is a run of a cell's text in one style (nil: as it is).
type part struct {
	st   *lipgloss.Style
	text string
}

// cell is one cell's text, already clean, in parts by colour.
type cell []part

// paint is a cell in one colour.
func paint(st lipgloss.Style, text string) cell { return cell{{&st, text}} }

// join puts cells side by side in one cell (text in two colours).
func join(sep string, cs ...cell) cell {
	var c cell
	for i, x := range cs {
		if i > 0 {
			c = append(c, part{nil, sep})
		}
		c = append(c, x...)
	}
	return c
}

func (c cell) plain() string {
	var b strings.Builder
	for _, p := range c {
		b.WriteString(p.text)
	}
	return b.String()
}

func (c cell) styled() string {
	var b strings.Builder
	for _, p := range c {
		if p.st == nil {
			b.WriteString(p.text)
		} else {
			b.WriteString(p.st.Render(p.text))
		}
	}
	return b.String()
}
