package io.replicalab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Commands whose issue has not landed. They say so and exit {@link ExitCodes#BAD_INPUT}; they never
 * print a made-up result.
 */
abstract class NotImplementedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", hidden = true)
    java.util.List<String> ignored;

    private final String trackedIn;

    NotImplementedCommand(String trackedIn) {
        this.trackedIn = trackedIn;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("replicalab " + spec.name() + ": not implemented yet (" + trackedIn + ")");
        return ExitCodes.BAD_INPUT;
    }
}
