package rabbitnet

import (
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// DeclareQueue declares a durable queue bound to exchange with key (e.g.
// "#" for everything on a topic exchange), so messages published while no
// test consumer is connected — or across a broker restart — wait in it.
func (b *Broker) DeclareQueue(name, exchange, key string) error {
	return b.withChannel(func(ch *amqp.Channel) error {
		if _, err := ch.QueueDeclare(name, true, false, false, false, nil); err != nil {
			return err
		}
		return ch.QueueBind(name, key, exchange, false, nil)
	})
}

// Get takes every message now in the queue (acknowledging them), oldest
// first.
func (b *Broker) Get(name string) ([]amqp.Delivery, error) {
	var out []amqp.Delivery
	err := b.withChannel(func(ch *amqp.Channel) error {
		for {
			d, ok, err := ch.Get(name, true)
			if err != nil || !ok {
				return err
			}
			out = append(out, d)
		}
	})
	return out, err
}

func (b *Broker) withChannel(f func(*amqp.Channel) error) error {
	conn, err := amqp.DialConfig(b.URL(), amqp.Config{Dial: amqp.DefaultDial(5 * time.Second)})
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	return f(ch)
}
