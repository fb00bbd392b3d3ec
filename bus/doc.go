// Package bus publishes meeting events on a message bus, the way Fedora's
// zodbot does through fedora-messaging: AMQP 0-9-1 (RabbitMQ) with topic
// routing keys, a JSON body, persistent delivery and fedora-messaging's
// headers; or JSON lines to a file or stdout.
//
// Data flows one way: IRC → journal → meeting fold → Derive → Outbox →
// Sink. Derive is pure: it turns what one line did to a meeting into
// events. Each event's message_id is a UUIDv5 of where and when it happened
// (network, channel, meeting start, meeting line number, topic), so folding
// the same journal again gives the same ids; the durable Outbox drops ids
// it already holds or had confirmed, and keeps the rest, in order, until
// the sink confirms them (publisher confirms for AMQP, fsync for a file).
// Delivery is at least once: a consumer drops repeats by message_id.
//
// Topics (after the configurable prefix), zodbot's:
//
//	meetbot.meeting.start            #startmeeting
//	meetbot.meeting.complete         #endmeeting
//	meetbot.meeting.topic.update     #topic
//	meetbot.meeting.item.info        #info (also idea, agreed, accepted,
//	                                 rejected, action, help, link)
//
// and gavel's own, documented beside them:
//
//	meetbot.meeting.item.vote        a formal vote closed (#endvote); details
//	                                 hold question, options, results, outcome
//	meetbot.meeting.item.removed     #undo took an item out of the minutes
//
// An #agreed/#accepted/#rejected item carries the informal +1/0/-1 tally in
// details.tally when there was one.
package bus
