package dev.ohastreaming.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates an https target may present.
 *
 * <p>{@link #fromConfiguration} trusts the JVM's default CAs plus any extra CA certificates from a
 * PEM file named in the service's configuration (never from a request). {@link #insecure} trusts
 * any certificate; tests may ask for it only when the configuration allows it.
 */
public final class TlsTrust {

  private TlsTrust() {}

  /**
   * The JVM's trusted CAs plus those in {@code extraCaPem}, if given.
   *
   * @throws IllegalStateException if the PEM file cannot be read or holds no certificate
   */
  public static X509TrustManager fromConfiguration(Optional<Path> extraCaPem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      List<X509Certificate> trusted = new ArrayList<>();
      for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
        trusted.add(ca);
      }
      if (extraCaPem.isPresent()) {
        trusted.addAll(readPem(extraCaPem.get()));
      }
      int alias = 0;
      for (X509Certificate certificate : trusted) {
        store.setCertificateEntry("ca-" + alias++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return onlyX509(factory.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /** A trust manager that accepts every certificate; for self-signed staging servers only. */
  public static X509TrustManager insecure() {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }

  /** A client {@link SSLContext} that trusts what {@code trustManager} trusts. */
  public static SSLContext clientContext(X509TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return onlyX509(factory.getTrustManagers());
  }

  private static X509TrustManager onlyX509(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X.509 trust manager available");
  }

  private static List<X509Certificate> readPem(Path pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> result = new ArrayList<>();
      for (Certificate certificate : certificates) {
        result.add((X509Certificate) certificate);
      }
      if (result.isEmpty()) {
        throw new IllegalStateException("no certificate in " + pem);
      }
      return result;
    }
  }
}
