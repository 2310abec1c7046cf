package io.dbmigrate.registry;

/**
 * A reference, a registry or an image that cannot be used; the message is one line a user can act
 * on and never holds credentials. The kind lets a caller (a condition's reason, say) tell the cases
 * apart without reading the message.
 */
public final class RegistryException extends RuntimeException {
  public enum Kind {
    INVALID_REFERENCE,
    INVALID_CREDENTIALS_FILE,
    UNREACHABLE,
    UNAUTHORIZED,
    NOT_FOUND,
    UNSUPPORTED,
    TOO_LARGE,
    DIGEST_MISMATCH,
    INVALID_CONTENT,
    PATH_NOT_FOUND
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
