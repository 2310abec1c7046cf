package io.dbmigrate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** An image layer built in memory: files, directories, links and whiteouts, as tar or tar+gzip. */
public final class TarLayer {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  public TarLayer() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  public TarLayer file(String name, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    return put(entry, data);
  }

  public TarLayer directory(String name) {
    return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), new byte[0]);
  }

  /** {@code .wh.NAME} beside NAME: deletes it from the layers below. */
  public TarLayer whiteout(String name) {
    int slash = name.lastIndexOf('/');
    return file(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1), "");
  }

  /** {@code DIR/.wh..wh..opq}: empties DIR of the layers below. */
  public TarLayer opaque(String directory) {
    return file(directory + "/.wh..wh..opq", "");
  }

  public TarLayer symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    entry.setLinkName(target);
    return put(entry, new byte[0]);
  }

  public TarLayer hardlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
    entry.setLinkName(target);
    return put(entry, new byte[0]);
  }

  /** An entry whose name is written as given, {@code ../x} included (TarArchiveEntry cleans it). */
  public TarLayer rawFile(String name, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(data.length);
    return put(entry, data);
  }

  private TarLayer put(TarArchiveEntry entry, byte[] data) {
    // a fixed time: the same files make the same layer, and the same digest, on every run
    entry.setModTime(0);
    try {
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] tar() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] tarGzip() {
    return gzip(tar());
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
