// Command gavel chairs IRC meetings from the terminal and reviews them
// afterwards. This package only declares commands and settings and wires
// the packages together; each subcommand lives in its own file and
// registers itself, its flags are rows of the settings table.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
)

// command is one row of gavel's command table.
type command struct {
	name    string
	args    string // usage after the flags, e.g. "QUERY..."
	summary string // first line: the short help; all of it: the long help
	nargs   func(n int) bool
	hidden  bool
	// run gets the resolved settings (flags, environment, config) and the
	// positional arguments.
	run func(ctx context.Context, v *values, args []string) error
}

var registry []*command

func register(c *command) { registry = append(registry, c) }

// Argument-count checks for command.nargs.
func exactly(n int) func(int) bool { return func(k int) bool { return k == n } }
func atLeast(n int) func(int) bool { return func(k int) bool { return k >= n } }

// usageError means the command line was wrong: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErr(err error) error { return &usageError{err} }

// exitError carries a specific exit code. A nil err means the command has
// already said everything (no message is printed again).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// cmdError names the command an error came from.
type cmdError struct {
	cmd string
	err error
}

func (e *cmdError) Error() string { return e.err.Error() }
func (e *cmdError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// stdOut and errOut are run's output streams, for subcommands that print.
var stdOut, errOut io.Writer = os.Stdout, os.Stderr

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 && hasNetworkConfig() {
		args = []string{"chair"} // `gavel` with a config chairs its default network
	}
	stdOut, errOut = stdout, stderr
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root, fang.WithVersion(buildVersion()), fang.WithErrorHandler(printError))
	return exitCode(err)
}

func exitCode(err error) int {
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	case errors.As(err, &ee):
		return ee.code
	}
	return 1
}

// printError prints an error once, as "gavel CMD: message" (styled on a
// terminal; fang's writer drops the styles elsewhere).
func printError(w io.Writer, styles fang.Styles, err error) {
	var ee *exitError
	if errors.As(err, &ee) && ee.err == nil {
		return
	}
	prefix := "gavel"
	var ce *cmdError
	if errors.As(err, &ce) && ce.cmd != "" {
		prefix += " " + ce.cmd
	}
	fmt.Fprintf(w, "%s %s\n", lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red).Render(prefix+":"), err.Error())
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", prefix)
	}
}

// buildVersion is the module version and VCS revision from the build
// info ("(devel)" for a plain go build).
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && !strings.Contains(v, rev) {
		v += " (" + rev + dirty + ")"
	}
	return v
}

// newRoot builds the command tree afresh (cobra commands hold their parsed
// flags, and tests run several command lines in one process).
func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "gavel",
		Short: "Chair IRC meetings from your terminal and review them afterwards",
		Long: unwrap(`gavel chairs IRC meetings from your terminal and reviews them afterwards.

With a config file naming a network, plain 'gavel' runs 'gavel chair'.
Settings come from flags, then GAVEL_* environment variables, then
$XDG_CONFIG_HOME/gavel/config.toml (each flag's help names its variable
and config key).`),
		SilenceErrors: true,
		SilenceUsage:  true,
		// one typo away from a command name suggests it
		SuggestionsMinimumDistance: 2,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				msg := fmt.Sprintf("unknown command %q", args[0])
				if s := c.SuggestionsFor(args[0]); len(s) > 0 {
					msg += "; did you mean " + strings.Join(s, " or ") + "?"
				}
				return usageErr(errors.New(msg))
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			c.SetOut(errOut)
			c.Help()
			return &exitError{code: 2}
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &cmdError{c.Name(), usageErr(err)}
	})
	for _, rc := range registry {
		root.AddCommand(rc.cobra())
	}
	root.AddCommand(&cobra.Command{
		Use: "version", Short: "Print gavel's version", Hidden: true, Args: cobra.NoArgs,
		Run: func(c *cobra.Command, _ []string) { fmt.Fprintln(stdOut, "gavel", buildVersion()) },
	})
	return root
}

// cobra turns a command table row into a cobra command whose flags are
// the settings table's rows for it.
func (rc *command) cobra() *cobra.Command {
	short, _, _ := strings.Cut(rc.summary, "\n")
	c := &cobra.Command{
		Use:    strings.TrimSpace(rc.name + " " + rc.args),
		Short:  short,
		Long:   unwrap(rc.summary),
		Hidden: rc.hidden,
		Args: func(c *cobra.Command, args []string) error {
			nargs := rc.nargs
			if nargs == nil {
				nargs = exactly(0)
			}
			if !nargs(len(args)) {
				switch {
				case rc.args == "":
					return &cmdError{rc.name, usageErr(fmt.Errorf("unexpected argument %q", args[0]))}
				case len(args) == 0:
					return &cmdError{rc.name, usageErr(fmt.Errorf("missing %s", rc.args))}
				}
				return &cmdError{rc.name, usageErr(fmt.Errorf("too many arguments (want %s)", rc.args))}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := loadConfig(configPath())
			if err != nil {
				return &cmdError{rc.name, usageErr(err)}
			}
			v, err := resolve(c, rc.name, cfg)
			if err != nil {
				return &cmdError{rc.name, err}
			}
			if err := rc.run(c.Context(), v, args); err != nil {
				return &cmdError{rc.name, err}
			}
			return nil
		},
	}
	bindSettings(c, rc.name)
	c.Flags().SortFlags = false
	return c
}

// unwrap joins the lines of each paragraph of a command's description, so
// help wraps it to the terminal and the man page keeps paragraphs whole.
// Indented lines and list items stay on lines of their own.
func unwrap(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev, next := lines[i-1], l
			joined := prev != "" && next != "" && !strings.HasPrefix(next, " ") && !strings.HasPrefix(next, "-") &&
				!strings.HasPrefix(prev, " ")
			if joined {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
