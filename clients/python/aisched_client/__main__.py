"""`python3 -m aisched_client submit|queue|cancel …`: the client from a shell, for a quick check."""
import argparse
import sys

from . import AischedError, Client, ConfigError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m aisched_client")
    parser.add_argument("--server", help="HOST:PORT (else AISCHED_SERVER or the config file)")
    parser.add_argument("--token-file", help="file with the token (else AISCHED_TOKEN, AISCHED_TOKEN_FILE, config)")
    commands = parser.add_subparsers(dest="command", required=True)
    submit = commands.add_parser("submit", help="submit a command as a job; prints its id")
    submit.add_argument("--hold", action="store_true")
    submit.add_argument("--workdir", help="where the job runs (default: the current directory)")
    # Not `command`: that is the subcommand's own name (the subparsers' dest), which this would overwrite.
    submit.add_argument("argv", nargs=argparse.REMAINDER, metavar="command")
    commands.add_parser("queue", help="list your live jobs: ID STATE NAME")
    cancel = commands.add_parser("cancel", help="cancel jobs by id")
    cancel.add_argument("ids", nargs="+", type=int)
    args = parser.parse_args(argv)
    try:
        with Client.connect(server=args.server, token_file=args.token_file) as schedd:
            if args.command == "submit":
                if not args.argv:
                    parser.error("submit needs a command")
                print(schedd.submit(args.argv, hold=args.hold, workdir=args.workdir))
            elif args.command == "queue":
                for job in schedd.queue():
                    print(job.id, job.state, job.name)
            else:
                failed = [r for r in schedd.cancel(*args.ids) if not r.ok]
                for result in failed:
                    print(f"job {result.job_id}: {result.message}", file=sys.stderr)
                return 1 if failed else 0
    except (AischedError, ConfigError, ConnectionError) as error:
        print(f"aisched_client: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
