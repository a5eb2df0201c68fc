// The indicators a provincial Department of Industry and Trade reports on. Phrases are written as
// people write them (accents, abbreviations); they are folded once, when indicators.ts loads.
//  - phrases: name the indicator anywhere, in a report or in a question;
//  - cues: words that name it in a report only once its domain has come up in the same paragraph
//    ("đã cho thuê 81,3909 ha" is about a cluster only because the paragraph is about clusters);
//  - units: what its figures are measured in (see units.ts); a "%" figure of a non-percent
//    indicator becomes a derived figure (growth, share of target...);
//  - byUnit: a count in that unit with nothing else to go by means this indicator: "always" when
//    the unit says it all ("08 CCN", "159 chợ"), "in-domain" when the paragraph must be about its
//    domain too ("9.953 lao động" is about clusters only in a paragraph about clusters);
//  - companion: for a count, the measure that a following "với tổng vốn/kinh phí/công suất ..." gives.

export type Domain = "industry" | "cluster" | "energy" | "wind" | "trade" | "promotion" | "digital" | "investment" | "enterprise";

export interface IndicatorDef {
  key: string;
  name: string;
  domain: Domain;
  units: string[];
  phrases: string[];
  cues?: string[];
  byUnit?: "always" | "in-domain";
  /** The measure that goes with this count: "03 dự án với tổng kinh phí 50.570 triệu đồng". */
  companion?: string;
}

const COUNT_CCN = ["ccn"];
/** Words that put a paragraph in a domain, on top of the domain's own phrases. */
export const DOMAIN_MARKERS: Partial<Record<Domain, string[]>> = {
  cluster: ["CCN", "cụm công nghiệp", "cụm CN"],
  wind: ["điện gió", "tuabin"],
  promotion: ["khuyến công", "KCQG", "trung tâm khuyến công"],
  energy: ["sử dụng điện", "lưới điện"],
};

export const LEXICON: IndicatorDef[] = [
  // Industry
  {
    key: "industrial_output_value",
    name: "Giá trị sản xuất công nghiệp",
    domain: "industry",
    units: ["money"],
    phrases: [
      "giá trị sản xuất công nghiệp",
      "giá trị sản xuất ngành công nghiệp",
      "giá trị SXCN",
      "GTSX công nghiệp",
      "GTSX CN",
      "GTSXCN",
      "GTSX",
      "SXCN",
      "giá trị sx công nghiệp",
      "sản xuất công nghiệp",
    ],
  },
  {
    key: "industrial_production_index",
    name: "Chỉ số sản xuất công nghiệp (IIP)",
    domain: "industry",
    units: ["index"],
    phrases: ["chỉ số sản xuất công nghiệp", "chỉ số sản xuất toàn ngành công nghiệp", "chỉ số SXCN", "chỉ số IIP", "IIP"],
  },
  // Electricity
  {
    key: "commercial_electricity",
    name: "Điện thương phẩm",
    domain: "energy",
    units: ["energy"],
    phrases: ["điện thương phẩm", "sản lượng điện thương phẩm", "điện năng thương phẩm"],
  },
  {
    key: "household_electrification_rate",
    name: "Tỷ lệ hộ dân sử dụng điện",
    domain: "energy",
    units: ["percent"],
    phrases: [
      "tỷ lệ hộ dân sử dụng điện",
      "tỷ lệ hộ sử dụng điện",
      "hộ dân sử dụng điện",
      "hộ sử dụng điện",
      "tỷ lệ hộ có điện",
      "hộ dân có điện",
      "tỷ lệ hộ dân được sử dụng điện",
    ],
  },
  {
    key: "households_with_electricity",
    name: "Số hộ dân sử dụng điện",
    domain: "energy",
    units: ["ho"],
    phrases: ["số hộ dân sử dụng điện", "số hộ sử dụng điện", "số hộ có điện"],
    cues: ["hộ dân sử dụng điện", "hộ sử dụng điện", "sử dụng điện"],
  },
  // Wind power
  {
    key: "wind_power_projects",
    name: "Số dự án điện gió",
    domain: "wind",
    units: ["du an", "nha may"],
    byUnit: "in-domain",
    companion: "wind_power_capacity",
    phrases: ["dự án điện gió", "số dự án điện gió", "nhà máy điện gió", "số nhà máy điện gió", "điện gió"],
  },
  {
    key: "wind_power_capacity",
    name: "Tổng công suất điện gió được cấp chủ trương",
    domain: "wind",
    units: ["power"],
    phrases: ["công suất điện gió", "tổng công suất điện gió", "công suất các dự án điện gió", "công suất điện gió được cấp chủ trương"],
    cues: ["tổng công suất", "cấp chủ trương"],
  },
  {
    key: "wind_power_projects_in_procedure",
    name: "Số dự án điện gió đang làm thủ tục pháp lý",
    domain: "wind",
    units: ["du an"],
    phrases: ["dự án điện gió đang làm thủ tục", "dự án điện gió đang triển khai thủ tục pháp lý", "dự án điện gió chưa lắp đặt"],
    cues: ["thủ tục pháp lý", "thủ tục"],
  },
  {
    key: "wind_power_projects_installed",
    name: "Số dự án điện gió đã lắp đặt tuabin",
    domain: "wind",
    units: ["du an"],
    companion: "wind_power_installed_capacity",
    phrases: ["dự án điện gió đã lắp đặt", "dự án điện gió đã lắp đặt tuabin", "dự án đã lắp đặt tuabin"],
    cues: ["lắp đặt", "tuabin"],
  },
  {
    key: "wind_power_installed_capacity",
    name: "Công suất điện gió đã lắp đặt tuabin",
    domain: "wind",
    units: ["power"],
    phrases: ["công suất điện gió đã lắp đặt", "công suất lắp đặt điện gió"],
    cues: ["công suất đã lắp đặt", "công suất lắp đặt", "lắp đặt", "tuabin"],
  },
  {
    key: "wind_power_grid_capacity",
    name: "Công suất điện gió đã hòa lưới",
    domain: "wind",
    units: ["power"],
    phrases: ["công suất điện gió hòa lưới", "công suất điện gió đã hòa lưới", "công suất hòa lưới", "đóng điện hòa lưới", "hòa lưới", "công suất đóng điện"],
  },
  // Industrial clusters (cụm công nghiệp, CCN)
  {
    key: "industrial_cluster_count",
    name: "Số cụm công nghiệp đã thành lập",
    domain: "cluster",
    units: COUNT_CCN,
    byUnit: "always",
    companion: "industrial_cluster_area",
    phrases: ["số cụm công nghiệp", "số CCN", "số lượng cụm công nghiệp", "số lượng CCN", "CCN được thành lập", "cụm công nghiệp đã thành lập", "cụm công nghiệp", "CCN"],
  },
  {
    key: "industrial_cluster_area",
    name: "Tổng diện tích cụm công nghiệp",
    domain: "cluster",
    units: ["area"],
    phrases: ["diện tích cụm công nghiệp", "diện tích CCN", "tổng diện tích CCN", "tổng diện tích cụm công nghiệp"],
    cues: ["CCN", "cụm công nghiệp"],
  },
  {
    key: "industrial_cluster_detailed_plan_count",
    name: "Số cụm công nghiệp đã quy hoạch chi tiết",
    domain: "cluster",
    units: COUNT_CCN,
    companion: "industrial_cluster_detailed_plan_area",
    phrases: ["cụm công nghiệp đã quy hoạch chi tiết", "CCN đã quy hoạch chi tiết", "CCN quy hoạch chi tiết", "cụm đã quy hoạch chi tiết"],
    cues: ["quy hoạch chi tiết"],
  },
  {
    key: "industrial_cluster_detailed_plan_area",
    name: "Diện tích cụm công nghiệp đã quy hoạch chi tiết",
    domain: "cluster",
    units: ["area"],
    phrases: ["diện tích quy hoạch chi tiết", "diện tích CCN quy hoạch chi tiết", "diện tích cụm công nghiệp quy hoạch chi tiết"],
    cues: ["quy hoạch chi tiết"],
  },
  {
    key: "industrial_cluster_industrial_land_area",
    name: "Diện tích đất công nghiệp trong cụm công nghiệp",
    domain: "cluster",
    units: ["area"],
    phrases: ["diện tích đất công nghiệp", "đất công nghiệp", "diện tích đất công nghiệp CCN"],
  },
  {
    key: "industrial_cluster_leased_area",
    name: "Diện tích đất công nghiệp đã cho thuê",
    domain: "cluster",
    units: ["area"],
    phrases: ["diện tích đã cho thuê", "diện tích cho thuê", "đất đã cho thuê", "diện tích đất đã cho thuê", "diện tích CCN đã cho thuê"],
    cues: ["cho thuê"],
  },
  {
    key: "industrial_cluster_occupancy_rate",
    name: "Tỷ lệ lấp đầy cụm công nghiệp",
    domain: "cluster",
    units: ["percent"],
    phrases: ["tỷ lệ lấp đầy", "lấp đầy", "tỷ lệ lấp đầy CCN", "tỷ lệ lấp đầy cụm công nghiệp", "lấp đầy CCN", "lấp đầy cụm công nghiệp"],
  },
  {
    key: "industrial_cluster_operating_count",
    name: "Số cụm công nghiệp đã đi vào hoạt động",
    domain: "cluster",
    units: COUNT_CCN,
    phrases: ["CCN đi vào hoạt động", "CCN đã đi vào hoạt động", "CCN đang hoạt động", "cụm công nghiệp đang hoạt động", "cụm công nghiệp đi vào hoạt động", "CCN hoạt động"],
    cues: ["đi vào hoạt động", "đang hoạt động"],
  },
  {
    key: "industrial_cluster_projects",
    name: "Số dự án đầu tư trong cụm công nghiệp",
    domain: "cluster",
    units: ["du an"],
    byUnit: "in-domain",
    companion: "industrial_cluster_registered_capital",
    phrases: [
      "dự án trong CCN",
      "dự án đầu tư vào CCN",
      "dự án đầu tư trong CCN",
      "dự án trong cụm công nghiệp",
      "dự án đầu tư vào cụm công nghiệp",
      "dự án vào CCN",
      "dự án vào cụm công nghiệp",
    ],
    cues: ["đăng ký đầu tư", "dự án đầu tư"],
  },
  {
    key: "industrial_cluster_registered_capital",
    name: "Tổng vốn đăng ký đầu tư vào cụm công nghiệp",
    domain: "cluster",
    units: ["money"],
    phrases: ["vốn đăng ký đầu tư vào CCN", "vốn đầu tư vào CCN", "vốn đăng ký CCN", "vốn đầu tư vào cụm công nghiệp", "vốn đăng ký trong CCN"],
    cues: ["vốn đăng ký", "vốn đầu tư"],
  },
  {
    key: "industrial_cluster_workers",
    name: "Số lao động làm việc trong cụm công nghiệp",
    domain: "cluster",
    units: ["lao dong"],
    byUnit: "in-domain",
    phrases: ["lao động trong CCN", "lao động trong cụm công nghiệp", "lao động CCN", "lao động làm việc trong CCN", "việc làm trong CCN"],
    cues: ["việc làm", "lao động"],
  },
  {
    key: "industrial_cluster_infrastructure_projects",
    name: "Số dự án hạ tầng cụm công nghiệp được bố trí kinh phí",
    domain: "cluster",
    units: ["du an"],
    companion: "industrial_cluster_infrastructure_budget",
    phrases: ["dự án hạ tầng CCN", "dự án đầu tư hạ tầng CCN", "dự án hạ tầng cụm công nghiệp", "dự án đầu tư hạ tầng cụm công nghiệp"],
    cues: ["bố trí kinh phí", "kinh phí", "hạ tầng"],
  },
  {
    key: "industrial_cluster_infrastructure_budget",
    name: "Kinh phí đầu tư hạ tầng cụm công nghiệp",
    domain: "cluster",
    units: ["money"],
    phrases: ["kinh phí hạ tầng CCN", "kinh phí đầu tư hạ tầng CCN", "kinh phí đầu tư hạ tầng cụm công nghiệp", "vốn đầu tư hạ tầng CCN"],
    cues: ["kinh phí", "tổng kinh phí", "hạ tầng"],
  },
  // Trade
  {
    key: "retail_sales",
    name: "Tổng mức bán lẻ hàng hóa và dịch vụ",
    domain: "trade",
    units: ["money"],
    phrases: [
      "tổng mức bán lẻ hàng hóa và dịch vụ xã hội",
      "tổng mức bán lẻ hàng hóa và dịch vụ",
      "tổng mức bán lẻ hàng hóa và doanh thu dịch vụ",
      "tổng mức bán lẻ hàng hóa",
      "tổng mức bán lẻ",
      "doanh thu bán lẻ",
      "bán lẻ hàng hóa",
      "bán lẻ",
      "TMBL",
    ],
  },
  {
    key: "export_turnover",
    name: "Kim ngạch xuất khẩu",
    domain: "trade",
    units: ["money"],
    phrases: ["kim ngạch xuất khẩu", "giá trị xuất khẩu", "xuất khẩu", "kim ngạch XK", "KN XK", "KNXK", "XK"],
  },
  {
    key: "import_turnover",
    name: "Kim ngạch nhập khẩu",
    domain: "trade",
    units: ["money"],
    phrases: ["kim ngạch nhập khẩu", "giá trị nhập khẩu", "nhập khẩu", "kim ngạch NK", "KN NK", "KNNK", "NK"],
  },
  {
    key: "trade_turnover",
    name: "Tổng kim ngạch xuất nhập khẩu",
    domain: "trade",
    units: ["money"],
    phrases: ["tổng kim ngạch xuất nhập khẩu", "kim ngạch xuất nhập khẩu", "xuất nhập khẩu", "XNK"],
  },
  {
    key: "market_count",
    name: "Số chợ",
    domain: "trade",
    units: ["cho"],
    byUnit: "always",
    phrases: ["số chợ", "số lượng chợ", "chợ truyền thống", "hệ thống chợ", "bao nhiêu chợ"],
  },
  { key: "supermarket_count", name: "Số siêu thị", domain: "trade", units: ["sieu thi"], byUnit: "always", phrases: ["siêu thị", "số siêu thị"] },
  {
    key: "shopping_center_count",
    name: "Số trung tâm thương mại",
    domain: "trade",
    units: ["trung tam thuong mai"],
    byUnit: "always",
    phrases: ["trung tâm thương mại", "số trung tâm thương mại", "TTTM"],
  },
  // Industry promotion (khuyến công)
  {
    key: "national_promotion_pilot_schemes",
    name: "Số đề án khuyến công quốc gia điểm",
    domain: "promotion",
    units: ["de an"],
    companion: "promotion_budget",
    phrases: ["đề án khuyến công quốc gia điểm", "đề án KCQG điểm", "KCQG điểm", "khuyến công quốc gia điểm", "khuyến công điểm"],
  },
  {
    key: "national_promotion_schemes",
    name: "Số đề án khuyến công quốc gia",
    domain: "promotion",
    units: ["de an"],
    companion: "promotion_budget",
    phrases: ["đề án khuyến công quốc gia", "khuyến công quốc gia", "đề án KCQG", "KCQG"],
  },
  {
    key: "provincial_promotion_schemes",
    name: "Số đề án khuyến công tỉnh",
    domain: "promotion",
    units: ["de an"],
    companion: "promotion_budget",
    phrases: ["đề án khuyến công tỉnh", "khuyến công tỉnh", "khuyến công cấp tỉnh", "khuyến công địa phương", "đề án khuyến công địa phương", "KCĐP"],
  },
  {
    key: "promotion_beneficiaries",
    name: "Số đơn vị được hỗ trợ từ đề án khuyến công",
    domain: "promotion",
    units: ["don vi", "co so"],
    byUnit: "in-domain",
    phrases: ["đơn vị được hỗ trợ", "đơn vị hưởng hỗ trợ", "đơn vị thụ hưởng", "cơ sở được hỗ trợ", "đơn vị được hỗ trợ khuyến công", "cơ sở công nghiệp nông thôn được hỗ trợ"],
    cues: ["hỗ trợ"],
  },
  {
    key: "promotion_budget",
    name: "Kinh phí khuyến công",
    domain: "promotion",
    units: ["money"],
    phrases: ["kinh phí khuyến công", "kinh phí hỗ trợ khuyến công", "vốn khuyến công", "kinh phí đề án khuyến công"],
    cues: ["kinh phí", "tổng kinh phí"],
  },
  // Digital transformation
  {
    key: "digital_transformation_enterprises",
    name: "Số doanh nghiệp được hỗ trợ chuyển đổi số",
    domain: "digital",
    units: ["doanh nghiep"],
    phrases: ["chuyển đổi số doanh nghiệp", "doanh nghiệp chuyển đổi số", "hỗ trợ chuyển đổi số", "chuyển đổi số", "CĐS"],
  },
  // Investment and enterprises
  {
    key: "fdi_projects",
    name: "Số dự án đầu tư trực tiếp nước ngoài (FDI)",
    domain: "investment",
    units: ["du an"],
    companion: "fdi_capital",
    phrases: ["dự án FDI", "dự án đầu tư trực tiếp nước ngoài", "dự án có vốn đầu tư nước ngoài", "FDI", "đầu tư trực tiếp nước ngoài"],
  },
  {
    key: "fdi_capital",
    name: "Vốn đầu tư trực tiếp nước ngoài (FDI) đăng ký",
    domain: "investment",
    units: ["money"],
    phrases: ["vốn FDI", "vốn đầu tư trực tiếp nước ngoài", "vốn đầu tư nước ngoài", "FDI", "đầu tư trực tiếp nước ngoài"],
  },
  {
    key: "investment_projects",
    name: "Số dự án đầu tư được cấp chủ trương",
    domain: "investment",
    units: ["du an"],
    companion: "investment_capital",
    phrases: ["dự án thu hút đầu tư", "dự án được cấp chủ trương đầu tư", "cấp chủ trương đầu tư", "dự án đầu tư mới", "thu hút đầu tư"],
  },
  {
    key: "investment_capital",
    name: "Tổng vốn đầu tư đăng ký",
    domain: "investment",
    units: ["money"],
    phrases: ["tổng vốn đầu tư đăng ký", "vốn đầu tư đăng ký", "vốn thu hút đầu tư", "tổng vốn đầu tư"],
    cues: ["vốn đăng ký", "tổng vốn đăng ký"],
  },
  {
    key: "enterprise_count",
    name: "Số doanh nghiệp đang hoạt động",
    domain: "enterprise",
    units: ["doanh nghiep"],
    phrases: ["số doanh nghiệp", "số lượng doanh nghiệp", "doanh nghiệp đang hoạt động", "số DN"],
  },
  {
    key: "new_enterprises",
    name: "Số doanh nghiệp thành lập mới",
    domain: "enterprise",
    units: ["doanh nghiep"],
    phrases: ["doanh nghiệp thành lập mới", "DN thành lập mới", "doanh nghiệp đăng ký thành lập mới", "thành lập mới"],
  },
];
