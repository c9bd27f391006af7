package io.atlas.ingest.admin;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atlas-ingest instruments halt|resume|list}: changes or shows the instruments table in PostgreSQL; the CDC
 * process carries each change to {@code atlas.instruments}.
 */
@Command(name = "instruments", mixinStandardHelpOptions = true,
        description = "Halts, resumes or lists instruments in PostgreSQL (ATLAS_PG_* variables); CDC publishes the "
                + "change to atlas.instruments.",
        subcommands = {InstrumentsCommand.Halt.class, InstrumentsCommand.Resume.class, InstrumentsCommand.List.class})
public final class InstrumentsCommand {

    private final Map<String, String> env;

    public InstrumentsCommand() {
        this(System.getenv());
    }

    InstrumentsCommand(Map<String, String> env) {
        this.env = env;
    }

    ReferenceData data() {
        return new ReferenceData(new AdminConfig(env).target());
    }

    abstract static class StatusChange implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        InstrumentsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Instrument symbol, e.g. S0001")
        String symbol;

        abstract String status();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!parent.data().setStatus(symbol, status())) {
                spec.commandLine().getErr().println("No instrument " + symbol);
                return 1;
            }
            out.println(symbol + " " + status());
            return 0;
        }
    }

    @Command(name = "halt", description = "Sets the instrument's status to HALTED (UPDATE instruments SET "
            + "status = 'HALTED' WHERE symbol = ...).")
    static final class Halt extends StatusChange {
        @Override
        String status() {
            return "HALTED";
        }
    }

    @Command(name = "resume", description = "Sets the instrument's status back to TRADING.")
    static final class Resume extends StatusChange {
        @Override
        String status() {
            return "TRADING";
        }
    }

    @Command(name = "list", description = "Lists instruments (symbol, venue, status, tick size, currency).")
    static final class List implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        InstrumentsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", defaultValue = "", description = "Only symbols starting with this")
        String prefix;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (ReferenceData.InstrumentRow row : parent.data().list(prefix)) {
                out.printf("%-12s %-6s %-8s %10s %s%n", row.symbol(), row.venue(), row.status(), row.tickSize(),
                        row.currency());
            }
            return 0;
        }
    }
}
