package io.dbmigrate.reconcile;

/** Condition and Event messages: bounded, so a long database error cannot bloat the status. */
final class Messages {
  static final int MAX = 1024;

  private Messages() {}

  static String bounded(String message) {
    if (message == null || message.length() <= MAX) {
      return message;
    }
    return message.substring(0, MAX - 1) + "…";
  }

  static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
