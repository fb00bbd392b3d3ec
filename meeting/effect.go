package meeting

// An Effect is something the recorder should do in the world because of a
// line: say something, change the channel topic, write the minutes files.
// Effects are only acted on live; a replay of a journal ignores them.
type Effect interface{ isEffect() }

// Say asks the recorder to send Text to the meeting channel.
type Say struct{ Text string }

// SetTopic asks the recorder to set the channel topic.
type SetTopic struct{ Topic string }

// WriteFiles asks the recorder to write the minutes files now. Final is true
// at #endmeeting and false at #save.
type WriteFiles struct{ Final bool }

func (Say) isEffect()        {}
func (SetTopic) isEffect()   {}
func (WriteFiles) isEffect() {}

// Recorded tells views that a line produced a minutes item, so they can
// highlight it. The recorder has nothing to do for it.
type Recorded struct{ Item Item }

// Removed tells views that #undo took an item out of the minutes.
type Removed struct{ Item Item }

func (Recorded) isEffect() {}
func (Removed) isEffect()  {}
