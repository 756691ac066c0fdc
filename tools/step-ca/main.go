// A minimal step-ca main: Debian's golang-github-smallstep-certificates-dev ships step-ca's
// packages without cmd/step-ca, so this wires the same "start" command with the software CAS and
// KMS (the only ones Phoenix's tests use). See build.sh.
package main

import (
	"fmt"
	"os"

	"github.com/smallstep/certificates/commands"
	"github.com/urfave/cli"

	_ "github.com/smallstep/certificates/cas/softcas"
	_ "github.com/smallstep/certificates/kms/softkms"
)

func main() {
	app := cli.NewApp()
	app.Name = "step-ca"
	app.Usage = "an online certificate authority (Phoenix test build)"
	app.UsageText = commands.AppCommand.UsageText
	app.Flags = commands.AppCommand.Flags
	app.Action = commands.AppCommand.Action
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
