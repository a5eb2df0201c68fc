import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { FIGURE_VOCABULARY, INDICATORS, indicatorByKey, matchIndicators } from "../../../src/services/figures/indicators.ts";
import { createUnderstander } from "../../../src/services/nlu/understand.ts";

const top = (q: string) => matchIndicators(q)[0]?.key;

describe("the indicator lexicon", () => {
  it("has unique snake_case keys and Vietnamese names in NFC", () => {
    const keys = INDICATORS.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of INDICATORS) {
      expect(i.key).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(i.name).toBe(i.name.normalize("NFC"));
      expect(i.name).toMatch(/[^\p{ASCII}]/u); // written with its diacritics
    }
  });

  it("covers what a provincial report holds", () => {
    const keys = new Set(INDICATORS.map((i) => i.key));
    for (const key of [
      "industrial_output_value",
      "industrial_production_index",
      "retail_sales",
      "export_turnover",
      "import_turnover",
      "commercial_electricity",
      "household_electrification_rate",
      "wind_power_projects",
      "wind_power_capacity",
      "wind_power_installed_capacity",
      "wind_power_grid_capacity",
      "industrial_cluster_count",
      "industrial_cluster_area",
      "industrial_cluster_occupancy_rate",
      "industrial_cluster_workers",
      "national_promotion_schemes",
      "provincial_promotion_schemes",
      "promotion_beneficiaries",
      "digital_transformation_enterprises",
      "fdi_capital",
      "enterprise_count",
      "market_count",
      "supermarket_count",
    ])
      expect(keys, key).toContain(key);
  });

  it("finds every indicator by its own name", () => {
    for (const i of INDICATORS) expect(top(i.name), i.name).toBe(i.key);
  });
});

describe("indicatorByKey", () => {
  it("returns base indicators", () => {
    expect(indicatorByKey("export_turnover")?.name).toBe("Kim ngạch xuất khẩu");
  });
});

describe("matchIndicators: which indicator a user's question is about", () => {
  it.each([
    ["Giá trị sản xuất công nghiệp năm 2023 là bao nhiêu?", "industrial_output_value"],
    ["gia tri san xuat cong nghiep nam 2023", "industrial_output_value"],
    ["GIÁ TRỊ SẢN XUẤT CÔNG NGHIỆP", "industrial_output_value"],
    ["gtsx cong nghiep", "industrial_output_value"],
    ["gtsx cn 2022", "industrial_output_value"],
    ["gtsx", "industrial_output_value"],
    ["giá trị sxcn", "industrial_output_value"],
    ["cong nghiep gia tri san xuat", "industrial_output_value"],
    ["chỉ số sản xuất công nghiệp", "industrial_production_index"],
    ["chi so iip 9 thang", "industrial_production_index"],
    ["kim ngạch xuất khẩu 6 tháng đầu năm 2024", "export_turnover"],
    ["kim ngach xk", "export_turnover"],
    ["kn xk nam 2023", "export_turnover"],
    ["xk bao nhieu", "export_turnover"],
    ["xuat khau kim ngach", "export_turnover"],
    ["kim ngạch nhập khẩu", "import_turnover"],
    ["nk 2023", "import_turnover"],
    ["kim ngach xuat nhap khau", "trade_turnover"],
    ["tổng mức bán lẻ hàng hóa và dịch vụ", "retail_sales"],
    ["tmbl nam 2023", "retail_sales"],
    ["doanh thu ban le", "retail_sales"],
    ["ban le hang hoa", "retail_sales"],
    ["điện thương phẩm", "commercial_electricity"],
    ["ho dan su dung dien", "household_electrification_rate"],
    ["tỷ lệ hộ dân sử dụng điện", "household_electrification_rate"],
    ["so ho su dung dien", "households_with_electricity"],
    ["so du an dien gio", "wind_power_projects"],
    ["bao nhiêu dự án điện gió", "wind_power_projects"],
    ["cong suat dien gio", "wind_power_capacity"],
    ["cong suat dien gio hoa luoi", "wind_power_grid_capacity"],
    ["hoa luoi bao nhieu MW", "wind_power_grid_capacity"],
    ["cong suat lap dat dien gio", "wind_power_installed_capacity"],
    ["du an dien gio dang lam thu tuc", "wind_power_projects_in_procedure"],
    ["so ccn", "industrial_cluster_count"],
    ["có bao nhiêu cụm công nghiệp", "industrial_cluster_count"],
    ["dien tich ccn", "industrial_cluster_area"],
    ["ty le lap day ccn", "industrial_cluster_occupancy_rate"],
    ["lấp đầy cụm công nghiệp", "industrial_cluster_occupancy_rate"],
    ["dien tich dat cong nghiep", "industrial_cluster_industrial_land_area"],
    ["dien tich da cho thue ccn", "industrial_cluster_leased_area"],
    ["ccn dang hoat dong", "industrial_cluster_operating_count"],
    ["so lao dong trong ccn", "industrial_cluster_workers"],
    ["lao động trong cụm công nghiệp", "industrial_cluster_workers"],
    ["du an trong ccn", "industrial_cluster_projects"],
    ["von dang ky ccn", "industrial_cluster_registered_capital"],
    ["kinh phi dau tu ha tang ccn", "industrial_cluster_infrastructure_budget"],
    ["de an khuyen cong quoc gia", "national_promotion_schemes"],
    ["kcqg diem", "national_promotion_pilot_schemes"],
    ["de an khuyen cong tinh", "provincial_promotion_schemes"],
    ["ttkc ho tro bao nhieu don vi", "promotion_beneficiaries"],
    ["kinh phi khuyen cong", "promotion_budget"],
    ["chuyển đổi số doanh nghiệp", "digital_transformation_enterprises"],
    ["ho tro cds bao nhieu dn", "digital_transformation_enterprises"],
    ["von fdi", "fdi_capital"],
    ["so doanh nghiep dang hoat dong", "enterprise_count"],
    ["dn thanh lap moi", "new_enterprises"],
    ["tỉnh có bao nhiêu chợ", "market_count"],
    ["so sieu thi", "supermarket_count"],
    ["trung tam thuong mai", "shopping_center_count"],
  ])("%j → %s", (question, key) => {
    expect(top(question)).toBe(key);
  });

  it("names the indicator whatever is asked of it", () => {
    expect(top("ty le lap day ccn tang truong binh quan")).toBe("industrial_cluster_occupancy_rate");
    expect(top("ban le dat bao nhieu % ke hoach nam")).toBe("retail_sales");
  });

  it("ranks best first with positive scores", () => {
    const ranked = matchIndicators("cong suat dien gio hoa luoi");
    expect(ranked.length).toBeGreaterThan(1);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    expect(ranked.every((m) => m.score > 0)).toBe(true);
  });

  it.each(["tỷ giá đô la", "giá vàng hôm nay", "ty gia usd", "số điện thoại Sở Công Thương", "email cua so", "giờ làm việc", "cho tôi hỏi địa chỉ", ""])(
    "finds nothing for %j",
    (question) => {
      expect(matchIndicators(question)).toEqual([]);
    },
  );
});

describe("one-letter typos, repaired once for the whole bot", () => {
  // The NLU's typo repair knows the indicators' words (FIGURE_VOCABULARY): the words it hands
  // over are already repaired, and real words it never saw in training are left alone.
  const understand = createUnderstander({
    training: JSON.parse(readFileSync("data/intents.json", "utf8")),
    rules: JSON.parse(readFileSync("data/keyword-rules.json", "utf8")),
    units: [],
    vocabulary: FIGURE_VOCABULARY,
  });
  const topRepaired = (q: string) => matchIndicators(understand(q).words.join(" "))[0]?.key;

  it.each([
    ["gia tri san xuat cong ngiep", "industrial_output_value"],
    ["kim ngahc xuat khau", "export_turnover"],
  ])("%j → %s", (question, key) => {
    expect(topRepaired(question)).toBe(key);
  });

  it("leaves words it knows from the figures as they are", () => {
    expect(understand("co them bao nhieu cua hang tien loi").words).toContain("them");
  });
});
