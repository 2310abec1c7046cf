package io.dbmigrate.gate;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the webhook's certificate from its mounted Secret and picks up a renewed one (cert-manager
 * rotates it in place) without a restart: the files are re-read when their modification time
 * changes. A renewal that cannot be read keeps the previous certificate and logs why.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
  private static final String ALIAS = "webhook";

  private final Path certificateFile;
  private final Path keyFile;
  private volatile Loaded loaded;

  private record Loaded(PemKeyMaterial material, FileTime certificateTime, FileTime keyTime) {}

  ReloadingKeyManager(Path certificateFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.loaded = load();
  }

  private Loaded load() throws IOException, GeneralSecurityException {
    FileTime certificateTime = Files.getLastModifiedTime(certificateFile);
    FileTime keyTime = Files.getLastModifiedTime(keyFile);
    return new Loaded(PemKeyMaterial.read(certificateFile, keyFile), certificateTime, keyTime);
  }

  private PemKeyMaterial current() {
    Loaded now = loaded;
    try {
      if (!Files.getLastModifiedTime(certificateFile).equals(now.certificateTime())
          || !Files.getLastModifiedTime(keyFile).equals(now.keyTime())) {
        loaded = now = load();
        LOG.info("reloaded the webhook certificate from {}", certificateFile);
      }
    } catch (IOException | GeneralSecurityException e) {
      LOG.warn(
          "keeping the current webhook certificate: cannot read the renewed one: {}",
          e.getMessage());
    }
    return now.material();
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return ALIAS;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return ALIAS;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return current().chain().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return current().key();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[0];
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
