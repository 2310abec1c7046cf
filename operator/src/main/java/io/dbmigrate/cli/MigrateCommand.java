package io.dbmigrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "migrate", description = "Applies pending migrations.")
final class MigrateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
