package tui

import _ "embed"

// DemoLog is the sample meeting `gavel demo` plays: a MeetBot log with
// every pane busy — chairs, a proposal with +1s, a formal vote, actions
// with owners, agreed and rejected items, links, ideas, #endmeeting.
//
//go:embed demo.log.txt
var DemoLog []byte

// DemoDate is the day of the demo meeting (the log has times only).
const DemoDate = "2026-06-16"
