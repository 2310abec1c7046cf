package io.dbmigrate.registry;

import io.dbmigrate.registry.RegistryException.Kind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A blob as it arrives, counted and digested: more bytes than the manifest declared stop the read
 * at once; {@link #verify()} at the end compares the digest. The registry's own
 * Docker-Content-Digest header is not trusted for this: a corrupted store sends a matching header.
 */
final class VerifiedBlobStream extends FilterInputStream {
  private final String digest;
  private final long declaredSize;
  private final String what;
  private final MessageDigest hash;
  private final StallGuard guard;
  private long count;

  VerifiedBlobStream(
      InputStream in, String digest, long declaredSize, String what, StallGuard guard) {
    super(in);
    this.guard = guard;
    this.digest = digest;
    this.declaredSize = declaredSize;
    this.what = what;
    this.hash = newDigest(digest);
  }

  static MessageDigest newDigest(String digest) {
    try {
      return MessageDigest.getInstance(digest.startsWith("sha512:") ? "SHA-512" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + digest.split(":")[0], e);
    }
  }

  /** {@code sha256:…} of {@code bytes}, with the algorithm {@code digest} names. */
  static String digestOf(byte[] bytes, String digest) {
    return digest.substring(0, digest.indexOf(':') + 1)
        + HexFormat.of().formatHex(newDigest(digest).digest(bytes));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = super.read(buffer, offset, length);
    if (read > 0) {
      guard.progressed();
      count += read;
      if (declaredSize >= 0 && count > declaredSize) {
        throw mismatch("more than the " + declaredSize + " bytes its manifest declares");
      }
      hash.update(buffer, offset, read);
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    // read, not skipped, so that it is digested
    byte[] buffer = new byte[(int) Math.max(0, Math.min(n, 64 * 1024))];
    return Math.max(0, read(buffer, 0, buffer.length));
  }

  /** Reads what is left and compares size and digest. */
  void verify() throws IOException {
    transferTo(java.io.OutputStream.nullOutputStream());
    if (declaredSize >= 0 && count != declaredSize) {
      throw mismatch(count + " bytes where its manifest declares " + declaredSize);
    }
    String actual =
        digest.substring(0, digest.indexOf(':') + 1) + HexFormat.of().formatHex(hash.digest());
    if (!actual.equals(digest)) {
      throw mismatch("different content (corrupted in its storage or on the way)");
    }
  }

  private RegistryException mismatch(String why) {
    return new RegistryException(
        Kind.DIGEST_MISMATCH,
        what + " does not match its digest: the registry sent " + why + "; push the image again");
  }
}
