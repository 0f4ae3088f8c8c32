package dev.recall.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The BOM lists exactly the published modules: every module of the root pom but the BOM itself and those that set
 * {@code recall.publish.skip}, each at the project's version.
 */
class BomTest {

  private static final Path ROOT = projectRoot();

  @Test
  void bom_listsEveryPublishedModuleAndNothingElse() {
    Element root = read(ROOT.resolve("pom.xml"));
    List<String> published = new ArrayList<>();
    for (Element module : children(child(root, "modules"), "module")) {
      if (module.getTextContent().strip().equals("bom")) {
        continue;
      }
      Element pom = read(ROOT.resolve(module.getTextContent().strip()).resolve("pom.xml"));
      Element properties = child(pom, "properties");
      Element skip = properties == null ? null : child(properties, "recall.publish.skip");
      if (skip == null || !skip.getTextContent().strip().equals("true")) {
        published.add(text(pom, "artifactId"));
      }
    }

    Map<String, String> managed = new TreeMap<>();
    Element bom = read(ROOT.resolve("bom/pom.xml"));
    for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("dev.recall");
      managed.put(text(dependency, "artifactId"), text(dependency, "version"));
    }

    assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(published);
    assertThat(managed.values()).containsOnly("${project.version}");
  }

  @Test
  void bom_hasTheProjectsCoordinatesAndNoParent() {
    Element root = read(ROOT.resolve("pom.xml"));
    Element bom = read(ROOT.resolve("bom/pom.xml"));

    // A parent would bring recall-parent's dependencyManagement into every build that imports the BOM.
    assertThat(child(bom, "parent")).isNull();
    assertThat(text(bom, "groupId")).isEqualTo(text(root, "groupId"));
    assertThat(text(bom, "version")).isEqualTo(text(root, "version"));
    assertThat(text(bom, "packaging")).isEqualTo("pom");
    for (String metadata : List.of("url", "licenses", "scm", "developers", "description")) {
      assertThat(child(bom, metadata)).as(metadata).isNotNull();
    }
  }

  private static Element read(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      return document.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    assertThat(element).as("<%s> in <%s>", name, parent.getTagName()).isNotNull();
    return element.getTextContent().strip();
  }

  /** The first direct child element of that name, or null. */
  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  /** The first directory up from the working one that holds the BOM (tests may run in the module or the root). */
  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bom/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no Recall root pom above " + Path.of("").toAbsolutePath());
  }
}
