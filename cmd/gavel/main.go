// Command gavel chairs IRC meetings from the terminal and reviews them
// afterwards. This package only parses flags and wires the packages
// together; each subcommand lives in its own file and registers itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// subcommand is one row of gavel's command table.
type subcommand struct {
	name    string
	args    string // usage after the name, e.g. "[flags] LOG..."
	summary string
	// run gets the subcommand's own FlagSet (already holding -h) and the
	// arguments after the name. Returning errUsage prints usage, exit 2.
	run func(ctx context.Context, fs *flag.FlagSet, args []string) error
}

var registry = map[string]*subcommand{}

func register(c *subcommand) { registry[c.name] = c }

// errUsage means the arguments were wrong; the usage has been printed.
var errUsage = errors.New("usage")

// exitError carries a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 && hasNetworkConfig() {
		args = []string{"chair"} // `gavel` with a config chairs its default network
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(stdout, "gavel", version)
		return 0
	}
	c, ok := registry[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gavel: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	fs := flag.NewFlagSet("gavel "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: gavel %s %s\n\n%s\n", c.name, c.args, c.summary)
		var has bool
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	stdOut, errOut = stdout, stderr
	err := c.run(ctx, fs, args[1:])
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		fmt.Fprintf(stderr, "gavel %s: %v\n", c.name, ee.err)
		return ee.code
	default:
		fmt.Fprintf(stderr, "gavel %s: %v\n", c.name, err)
		return 1
	}
}

// stdOut and errOut are run's output streams, for subcommands that print.
var stdOut, errOut io.Writer = os.Stdout, os.Stderr

// parseFlags parses with help going to stdout when asked for explicitly.
func parseFlags(fs *flag.FlagSet, args []string) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(stdOut)
			fs.Usage()
			return flag.ErrHelp
		}
		if a == "--" {
			break
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// parseNoArgs parses flags for a command that takes no arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

const version = "0.1.0"

func usage(w io.Writer) {
	fmt.Fprint(w, `gavel chairs IRC meetings from your terminal and reviews them afterwards.

Usage: gavel <command> [flags] [args]

Commands:
`)
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, firstLine(registry[n].summary))
	}
	fmt.Fprint(w, "\nRun 'gavel <command> --help' for a command's flags.\n")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
