package meeting

// ItemOfLine returns the item of type t that log line made, as it stands
// now: tally, vote result and (for an action) owners filled in. It looks
// from the newest item back, so finding what the last line recorded costs
// little however long the meeting (the message bus derives one event per
// item this way).
func (m *Meeting) ItemOfLine(line int, t ItemType) (Item, bool) {
	for i := len(m.items) - 1; i >= 0; i-- {
		e := m.items[i]
		if e.Line < line {
			break
		}
		if e.Line == line && e.Type == t {
			it := e.snapshot()
			if t == TypeAction {
				it.Owners = Owners(it.Text, m.attendeeNicks())
			}
			return it, true
		}
	}
	return Item{}, false
}
