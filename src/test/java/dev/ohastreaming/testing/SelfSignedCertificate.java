package dev.ohastreaming.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made for the test by the
 * JDK's own {@code keytool} in a child process (the JDK has no public API that signs).
 *
 * @param keyStore PKCS#12 file with the key and certificate
 * @param certificatePem the certificate alone, PEM encoded, as a CA file for clients
 */
public record SelfSignedCertificate(Path keyStore, Path certificatePem) {

  private static final String PASSWORD = "changeit";

  /** Generates a certificate into {@code directory}. */
  public static SelfSignedCertificate generate(Path directory) throws Exception {
    Path keyStore = directory.resolve("server.p12");
    Path pem = directory.resolve("server.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "server",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "2",
            "-dname",
            "CN=localhost",
            "-ext",
            "san=dns:localhost,ip:127.0.0.1",
            "-storetype",
            "PKCS12",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD));
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "server",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            PASSWORD,
            "-file",
            pem.toString()));
    return new SelfSignedCertificate(keyStore, pem);
  }

  /** A server TLS context presenting this certificate. */
  public SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }
}
