import { describe, expect, it } from "vitest";
import { translate, type Translate } from "../../i18n";
import { featureLabel } from "./labels";

const t: Translate = (key, vars) => translate("fr", key, vars);

describe("featureLabel", () => {
  it("words the judge's usage as the cross-verification, and keeps an unknown id as it is", () => {
    expect(featureLabel("verification", t)).toBe("Vérification croisée");
    expect(featureLabel("something-new", t)).toBe("something-new");
  });
});
