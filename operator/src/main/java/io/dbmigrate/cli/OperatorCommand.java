package io.dbmigrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "operator", description = "Runs the operator.")
final class OperatorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
