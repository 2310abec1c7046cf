package io.dbmigrate.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version, as written by Maven into the manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"dbmigrate " + (version == null ? "development build" : version)};
  }
}
