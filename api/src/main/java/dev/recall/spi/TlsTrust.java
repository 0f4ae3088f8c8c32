package dev.recall.spi;

import dev.recall.RecallConnectionException;
import dev.recall.RedisConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS trust both drivers apply for a {@code rediss://} config, so they verify servers the same way: the CA
 * certificates of {@link RedisConfig#tlsCaCertificates()} (else the JVM's default trust store), host name checked
 * against the certificate, and nothing checked when {@link RedisConfig#tlsVerifyPeer()} is off. Stateless.
 */
public final class TlsTrust {
  private static final System.Logger LOG = System.getLogger("dev.recall.tls");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private TlsTrust() {}

  /**
   * Returns the trust managers for the config: one that accepts everything when verification is off.
   *
   * @param config the client config, whose CA certificates file is read when it names one
   * @return a factory initialized with the CA certificates, or with the JVM's default trust store
   * @throws RecallConnectionException when the CA file cannot be read or holds no certificate, naming the file
   */
  public static TrustManagerFactory trustManagerFactory(RedisConfig config) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      Path caFile = config.tlsCaCertificates();
      if (caFile == null) {
        factory.init((KeyStore) null);
      } else {
        factory.init(caKeyStore(caFile));
      }
      return factory;
    } catch (GeneralSecurityException e) {
      throw new RecallConnectionException("cannot set up TLS trust for Redis: " + e.getMessage(), e);
    }
  }

  /**
   * Returns an SSL context that trusts what {@link #trustManagerFactory} trusts, or every certificate when
   * verification is off (and then warns once per JVM).
   *
   * @param config the client config
   * @return a new, initialized TLS context
   * @throws RecallConnectionException when the CA file cannot be read or the JVM has no TLS
   */
  public static SSLContext sslContext(RedisConfig config) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trust = config.tlsVerifyPeer()
          ? trustManagerFactory(config).getTrustManagers()
          : new TrustManager[] {new TrustEverything()};
      warnIfInsecure(config);
      context.init(null, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new RecallConnectionException("cannot set up TLS for Redis: " + e.getMessage(), e);
    }
  }

  /**
   * Returns SSL parameters that check the server's host name against its certificate ({@code HTTPS} endpoint
   * identification), or none when verification is off.
   *
   * @param config the client config
   * @return new parameters, to apply to each connection's socket or engine
   */
  public static SSLParameters sslParameters(RedisConfig config) {
    SSLParameters parameters = new SSLParameters();
    if (config.tlsVerifyPeer()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    return parameters;
  }

  /**
   * Logs a warning, once per JVM, when a TLS config does not verify the server.
   *
   * @param config the client config; nothing is logged when it does not use TLS or verifies the server
   */
  public static void warnIfInsecure(RedisConfig config) {
    if (config.tls() && !config.tlsVerifyPeer() && WARNED.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "TLS certificate verification is OFF (tlsVerifyPeer=false) for Redis at "
          + config.node() + ": anyone on the network path can impersonate the server");
    }
  }

  /**
   * Explains a failure when it is a TLS one: names the certificate or handshake problem, so it is not mistaken for
   * an unreachable server; {@code null} when no cause is a TLS or certificate exception.
   *
   * @param failure the failure to explain, whose causes and suppressed exceptions are searched; may be null
   * @return a sentence for the error message, or {@code null}
   */
  public static @Nullable String describeFailure(@Nullable Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    collect(failure, chain, 0);
    for (Throwable e : chain) {
      if (e instanceof CertificateException || e instanceof java.security.cert.CertPathValidatorException) {
        return "TLS handshake failed: the server's certificate is not trusted (" + e.getMessage() + ")";
      }
    }
    for (Throwable e : chain) {
      if (e instanceof SSLException) {
        return "TLS handshake failed (certificate or protocol problem): " + e.getMessage();
      }
    }
    return null;
  }

  // The causes and the suppressed failures (a cluster client attaches one per seed node it tried), a few levels deep.
  private static void collect(@Nullable Throwable failure, List<Throwable> into, int depth) {
    for (Throwable e = failure; e != null && into.size() < 64; e = e.getCause() == e ? null : e.getCause()) {
      into.add(e);
      if (depth < 3) {
        for (Throwable suppressed : e.getSuppressed()) {
          collect(suppressed, into, depth + 1);
        }
      }
    }
  }

  private static KeyStore caKeyStore(Path caFile) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new RecallConnectionException("cannot read the TLS CA certificates file " + caFile + ": " + e, e);
    } catch (CertificateException e) {
      throw new RecallConnectionException("the TLS CA certificates file " + caFile + " is not valid PEM: "
          + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new RecallConnectionException("the TLS CA certificates file " + caFile + " holds no certificate", null);
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }

  /** The trust manager of {@code tlsVerifyPeer(false)}: accepts every chain, which is exactly what makes it unsafe. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
