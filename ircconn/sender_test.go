package ircconn

import "github.com/gavel-irc/gavel/meeting/recorder"

// The recorder sends through a Client.
var _ recorder.Sender = (*Client)(nil)
