package dev.recall.examples.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /prices/{sku}}: the cached look-up over HTTP, for trying the meters with {@code --serve}. */
@RestController
class PricingController {
  private final PricingService prices;

  PricingController(PricingService prices) {
    this.prices = prices;
  }

  @GetMapping("/prices/{sku}")
  Price price(@PathVariable String sku) {
    return prices.price(sku);
  }
}
