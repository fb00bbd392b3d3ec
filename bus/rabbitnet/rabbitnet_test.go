package rabbitnet

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// TestBrokerLifecycle: the broker starts, keeps a durable queue's persistent
// message across a restart, and Close leaves none of its processes behind.
func TestBrokerLifecycle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b, err := New(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.beam == 0 {
		t.Fatal("beam.smp not found under the server script")
	}
	pids := []int{b.server.Process.Pid, b.beam, b.epmd.Process.Pid}
	if err := b.DeclareQueue("q", "amq.topic", "#"); err != nil {
		t.Fatal(err)
	}
	err = b.withChannel(func(ch *amqp.Channel) error {
		return ch.Publish("amq.topic", "a.b", false, false, amqp.Publishing{DeliveryMode: amqp.Persistent, Body: []byte("kept")})
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let the publish land before the stop
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := amqp.Dial(b.URL()); err == nil {
		t.Fatal("broker still accepts connections after Stop")
	}
	if err := b.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := b.Get("q")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || string(ds[0].Body) != "kept" {
		t.Fatalf("after restart the queue holds %d messages", len(ds))
	}
	pids = append(pids, b.server.Process.Pid, b.beam)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d still runs after Close", pid)
		}
	}
}

// alive reports whether pid runs (a zombie counts as gone).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(data), ") ")
	return !strings.HasPrefix(after, "Z")
}
