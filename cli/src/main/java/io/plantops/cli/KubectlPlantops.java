package io.plantops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl plantops}: kubectl runs {@code kubectl-plantops} from the PATH with the arguments
 * that follow {@code plantops}. See docs/cli.md.
 */
@Command(
    name = "kubectl plantops",
    mixinStandardHelpOptions = true,
    versionProvider = KubectlPlantops.Version.class,
    description = "Approve plantops site deployments and see the fleet's status.",
    subcommands = {ApproveCommand.class, StatusCommand.class})
public final class KubectlPlantops {

  /** Exit code of a command that could not do what was asked (kubectl uses 1 too). */
  static final int FAILED = 1;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with errors printed as one line naming what to fix, not a stack trace. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new KubectlPlantops());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + PlantopsException.describe(e));
          return FAILED;
        });
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KubectlPlantops.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-plantops " + (v == null ? "(development build)" : v)};
    }
  }
}
