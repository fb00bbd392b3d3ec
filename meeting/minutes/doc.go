// Package minutes renders a meeting.Minutes into the files people read:
// Markdown and JSON, and MeetBot's text, HTML and log formats. Renderers are
// pure: they write to an io.Writer and never touch the disk.
//
// Participant text is shown through meeting/plaintext, the one display
// rule shared with the chair and the review.
package minutes
