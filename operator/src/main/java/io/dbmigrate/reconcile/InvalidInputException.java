package io.dbmigrate.reconcile;

/**
 * An input the user must fix: the spec, a Secret or a ConfigMap. The reason becomes the condition
 * reason and the Event reason; the message tells what is wrong and never carries a secret value.
 */
final class InvalidInputException extends Exception {
  private final String reason;

  InvalidInputException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
