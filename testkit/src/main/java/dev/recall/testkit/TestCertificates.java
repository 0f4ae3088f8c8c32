package dev.recall.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and a server certificate it signed, generated with the JDK's {@code keytool}
 * into a temporary directory (deleted at JVM exit), for TLS test servers. The server certificate is valid for
 * {@code 127.0.0.1} and {@code localhost}; keys are EC P-256, so generation takes a few seconds at most. Files are
 * PEM, as {@code redis-server} and Recall's {@code tlsCaCertificates} read them.
 */
public final class TestCertificates {
  private static final String STORE_PASSWORD = "test-only";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 30;

  private final Path dir;
  private final Path caCertificate;
  private final Path serverCertificate;
  private final Path serverKey;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caCertificate = dir.resolve("ca.crt");
    this.serverCertificate = dir.resolve("server.crt");
    this.serverKey = dir.resolve("server.key");
  }

  /**
   * Generates a CA named {@code CN=<name> CA} and a server certificate it signed.
   *
   * @param name the name in the CA's distinguished name
   * @return the certificates, valid for two days, in files deleted at JVM exit
   * @throws RedisServerException when {@code keytool} is missing or fails
   */
  public static TestCertificates generate(String name) {
    try {
      Path dir = Files.createTempDirectory("recall-tls-");
      dir.toFile().deleteOnExit();
      TestCertificates certificates = new TestCertificates(dir);
      certificates.create(name);
      return certificates;
    } catch (IOException e) {
      throw new RedisServerException("cannot create test certificates: " + e, e);
    }
  }

  /** {@return the PEM file of the CA certificate, which clients trust} */
  public Path caCertificate() {
    return caCertificate;
  }

  /** {@return the PEM file of the server certificate (SAN {@code IP:127.0.0.1}, {@code DNS:localhost})} */
  public Path serverCertificate() {
    return serverCertificate;
  }

  /** {@return the PEM file of the server's private key (unencrypted PKCS#8)} */
  public Path serverKey() {
    return serverKey;
  }

  /**
   * {@return a socket factory that trusts this CA only, for control connections to a TLS test server}
   *
   * @throws RedisServerException when the CA file cannot be read
   */
  public SSLSocketFactory socketFactory() {
    try (InputStream in = Files.newInputStream(caCertificate)) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new RedisServerException("cannot load the test CA " + caCertificate + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificates[" + dir + "]";
  }

  private void create(String name) throws IOException {
    Path caStore = dir.resolve("ca.p12");
    Path serverStore = dir.resolve("server.p12");
    Path request = dir.resolve("server.csr");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + name + " CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
        "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", STORE_PASSWORD,
        "-file", caCertificate.toString());
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-keystore", serverStore.toString(), "-storetype", "PKCS12",
        "-storepass", STORE_PASSWORD);
    keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", STORE_PASSWORD,
        "-file", request.toString());
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", STORE_PASSWORD,
        "-infile", request.toString(), "-outfile", serverCertificate.toString(), "-validity", "2",
        "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "KU=digitalSignature,keyAgreement",
        // clientAuth too: cluster nodes present this certificate to each other on the TLS cluster bus, which
        // verifies it whatever --tls-auth-clients says.
        "-ext", "EKU=serverAuth,clientAuth");
    writePrivateKey(serverStore);
    for (Path file : List.of(caStore, serverStore, request, caCertificate, serverCertificate, serverKey)) {
      file.toFile().deleteOnExit();
    }
  }

  // keytool cannot export a private key; the PKCS#12 store can be read with the JDK and the key written as PEM.
  private void writePrivateKey(Path store) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, STORE_PASSWORD.toCharArray());
      Key key = keys.getKey("server", STORE_PASSWORD.toCharArray());
      String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(key.getEncoded());
      Files.writeString(serverKey, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    } catch (GeneralSecurityException e) {
      throw new RedisServerException("cannot read the generated server key: " + e, e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.add("-noprompt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RedisServerException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s: " + command);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while running keytool");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new RedisServerException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): " + output);
    }
  }
}
