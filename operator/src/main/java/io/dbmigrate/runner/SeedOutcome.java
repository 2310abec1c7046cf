package io.dbmigrate.runner;

/** What a run did with one seed. */
public enum SeedOutcome {
  /** Every file is in place: new and changed files were applied, unchanged ones skipped. */
  Applied,
  /** The seed is not for this run's environment. */
  Skipped,
  /** One of its files failed; that file was rolled back, earlier files stay applied. */
  Failed,
  /** Not attempted: the migrations or an earlier seed failed. */
  NotRun
}
