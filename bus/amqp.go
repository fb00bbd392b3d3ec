package bus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// confirmTimeout bounds the wait for a publisher confirm; past it the
// connection is dropped and the event sent again.
const confirmTimeout = 30 * time.Second

// amqpSink publishes to an AMQP 0-9-1 broker with publisher confirms. It
// dials lazily and drops the connection at the first error; the next Send
// dials again.
type amqpSink struct {
	url, name string
	wire      Wire
	mu        sync.Mutex
	conn      *amqp.Connection
	ch        *amqp.Channel
	closed    chan *amqp.Error
}

func newAMQPSink(url, name string, w Wire) *amqpSink {
	if w.Exchange == "" {
		w.Exchange = DefaultExchange
	}
	return &amqpSink{url: url, name: name, wire: w}
}

func (s *amqpSink) Name() string { return s.name }

func (s *amqpSink) connect() error {
	if s.ch != nil {
		return nil
	}
	conn, err := amqp.DialConfig(s.url, amqp.Config{Dial: amqp.DefaultDial(10 * time.Second), Properties: amqp.Table{"connection_name": "gavel"}})
	if err != nil {
		return err
	}
	ch, err := conn.Channel()
	if err == nil {
		err = ch.Confirm(false)
	}
	if err != nil {
		conn.Close()
		return err
	}
	s.conn, s.ch = conn, ch
	s.closed = ch.NotifyClose(make(chan *amqp.Error, 1))
	return nil
}

func (s *amqpSink) drop() {
	if s.conn != nil {
		s.conn.Close()
	}
	s.conn, s.ch, s.closed = nil, nil, nil
}

func (s *amqpSink) Send(ctx context.Context, ev Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.connect(); err != nil {
		return err
	}
	now := time.Now()
	dc, err := s.ch.PublishWithDeferredConfirm(s.wire.Exchange, s.wire.RoutingKey(ev.Topic), false, false, amqp.Publishing{
		ContentType:     "application/json",
		ContentEncoding: "utf-8",
		DeliveryMode:    amqp.Persistent,
		MessageId:       ev.ID,
		Timestamp:       now,
		Headers:         amqp.Table(Headers(ev, now)),
		Body:            ev.Body,
	})
	if err != nil {
		s.drop()
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, confirmTimeout)
	defer cancel()
	select {
	case <-dc.Done():
		if !dc.Acked() {
			s.drop()
			return errors.New("the broker refused the message (nack)")
		}
		return nil
	case e := <-s.closed:
		s.drop()
		return fmt.Errorf("channel closed before the confirm: %v", e)
	case <-ctx.Done():
		s.drop()
		return fmt.Errorf("no confirm: %w", ctx.Err())
	}
}

func (s *amqpSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop()
	return nil
}
