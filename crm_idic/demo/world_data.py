"""The data of the suite's demo world (crm_idic/demo/world.py builds it)."""

DEMO_SEED = 20261122
DEMO_EMAIL_DOMAIN = "phuongnam-demo.vn"

COMPANY = {
    "name": "Công ty TNHH Thương mại Phương Nam",
    "street": "125 Nguyễn Thị Minh Khai",
    "street2": "Phường Bến Thành",
    "city": "TP. Hồ Chí Minh",
    "zip": "700000",
    "phone": "+84 28 3822 5566",
    "email": "lienhe@phuongnam-demo.vn",
    "website": "https://phuongnam-demo.vn",
}

# The time of the demo company, its working calendar and its staff.
COMPANY_TZ = "Asia/Ho_Chi_Minh"

# (login, name, team key, role) — role: "salesman", "leader", "manager", "accountant"
USERS = [
    ("thanh.le", "Lê Văn Thành", None, "manager"),
    ("an.nguyen", "Nguyễn Văn An", "b2b", "leader"),
    ("binh.tran", "Trần Thị Bình", "b2b", "salesman"),
    ("cuong.pham", "Phạm Quốc Cường", "b2b", "salesman"),
    ("dung.hoang", "Hoàng Thu Dung", "b2c", "leader"),
    ("hanh.vo", "Võ Thị Hạnh", "b2c", "salesman"),
    ("duc.dang", "Đặng Minh Đức", "b2c", "salesman"),
    ("mai.bui", "Bùi Thị Mai", None, "accountant"),
]

TEAMS = {
    "b2b": "Kênh Doanh nghiệp (B2B)",
    "b2c": "Kênh Bán lẻ (B2C)",
}

TAGS = ["Đại lý", "Dự án", "Khách lẻ", "Khách VIP"]

# (default code, name, category, list price in VND, service?)
PRODUCTS = [
    ("PN-RO10", "Máy lọc nước RO 10 lõi", "Thiết bị lọc nước", 6_590_000, False),
    ("PN-FLT3", "Bộ 3 lõi lọc thay thế", "Thiết bị lọc nước", 450_000, False),
    ("PN-AC12", "Điều hòa Inverter 12000 BTU", "Điện lạnh", 11_900_000, False),
    ("PN-FR320", "Tủ lạnh Inverter 320 lít", "Điện lạnh", 9_490_000, False),
    ("PN-WM9", "Máy giặt cửa trước 9 kg", "Điện lạnh", 8_990_000, False),
    ("PN-WH30", "Bình nóng lạnh 30 lít", "Điện gia dụng", 3_650_000, False),
    ("PN-RC18", "Nồi cơm điện cao tần 1,8 lít", "Điện gia dụng", 2_390_000, False),
    ("PN-FAN", "Quạt điều hòa không khí", "Điện gia dụng", 3_200_000, False),
    ("PN-VAC", "Robot hút bụi lau nhà", "Điện gia dụng", 7_990_000, False),
    ("PN-AP", "Máy lọc không khí", "Điện gia dụng", 4_290_000, False),
    ("PN-TV55", "Smart TV 4K 55 inch", "Điện tử", 13_900_000, False),
    ("PN-SVC", "Dịch vụ lắp đặt tại nhà", "Dịch vụ", 300_000, True),
]

CITIES = [
    ("TP. Hồ Chí Minh", ["Lê Lợi", "Hai Bà Trưng", "Điện Biên Phủ", "Võ Văn Tần"]),
    ("Hà Nội", ["Trần Hưng Đạo", "Kim Mã", "Láng Hạ", "Bà Triệu"]),
    ("Đà Nẵng", ["Bạch Đằng", "Nguyễn Văn Linh", "Hùng Vương"]),
    ("Hải Phòng", ["Lạch Tray", "Điện Biên Phủ", "Tô Hiệu"]),
    ("Cần Thơ", ["Hòa Bình", "Trần Hưng Đạo", "Ba Tháng Hai"]),
]

COMPANY_CUSTOMERS = [
    "Công ty CP Điện máy Sao Việt",
    "Công ty TNHH Xây dựng Hưng Thịnh",
    "Công ty CP Khách sạn Biển Xanh",
    "Công ty TNHH Nội thất Minh Long",
    "Công ty CP Đầu tư Địa ốc Hoàng Gia",
    "Công ty TNHH Thiết bị Gia dụng Tân Phú",
    "Công ty CP Chuỗi Cà phê Sông Hàn",
    "Công ty TNHH Điện lạnh Bắc Nam",
    "Trường Tiểu học Quốc tế Ánh Dương",
    "Bệnh viện Đa khoa Tâm An",
    "Công ty CP Nhà hàng Phố Hội",
    "Công ty TNHH Văn phòng Xanh",
    "Siêu thị Mini Gia Đình",
    "Công ty TNHH Cơ điện Thành Công",
    "Công ty CP Dịch vụ Tòa nhà Đông Á",
    "Công ty TNHH Thương mại Kim Ngân",
    "Đại lý Điện máy Phú Quý",
    "Công ty CP Resort Núi Mây",
    "Công ty TNHH Phân phối Hòa Bình",
    "Công ty CP Căn hộ Dịch vụ Sen Vàng",
    "Công ty TNHH Kỹ thuật Lạnh Tiến Phát",
    "Đại lý Gia dụng Bình An",
    "Công ty CP Trung tâm Thương mại Mê Kông",
    "Công ty TNHH Sản xuất Bao bì Việt Úc",
]

CONTACT_NAMES = [
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Lê Thị Thu Hà",
    "Phạm Minh Tuấn",
    "Hoàng Văn Nam",
    "Đỗ Thị Ngọc",
    "Vũ Đức Long",
    "Bùi Thanh Tâm",
]

INDIVIDUAL_CUSTOMERS = [
    "Nguyễn Hoàng Anh",
    "Trần Minh Khoa",
    "Lê Thị Hồng Nhung",
    "Phạm Văn Sơn",
    "Huỳnh Thị Kim Oanh",
    "Võ Quốc Bảo",
    "Đặng Thị Thanh Hương",
    "Bùi Văn Phúc",
    "Đỗ Thị Mỹ Linh",
    "Ngô Minh Quân",
    "Dương Thị Yến",
    "Lý Văn Tài",
    "Trịnh Thị Thảo",
    "Mai Văn Hiếu",
    "Phan Thị Diễm",
    "Tạ Quang Vinh",
    "Châu Thị Ngân",
    "Lương Văn Kiên",
    "Hồ Thị Phương",
    "Cao Minh Nhật",
    "Tô Thị Hoa",
    "Kiều Văn Lâm",
]

# Purchase behaviours: (key, share of customers, orders over two years, how recent).
ARCHETYPES = [
    ("vip", 0.18),
    ("regular", 0.22),
    ("growing", 0.16),
    ("lapsed", 0.16),
    ("new", 0.14),
    ("prospect", 0.14),
]

LEADS = [
    ("Trang bị điều hòa cho văn phòng mới", 120_000_000),
    ("Hệ thống lọc nước cho khách sạn", 260_000_000),
    ("Thay mới tủ lạnh cho chuỗi cà phê", 85_000_000),
    ("Máy lọc không khí cho trường học", 140_000_000),
    ("Gói thiết bị bếp cho căn hộ mẫu", 310_000_000),
    ("Bảo trì định kỳ máy lọc nước", 36_000_000),
    ("Điều hòa cho phòng khám", 95_000_000),
    ("Smart TV cho phòng họp", 70_000_000),
    ("Bình nóng lạnh cho resort", 180_000_000),
    ("Robot hút bụi cho khách sạn", 64_000_000),
    ("Máy giặt cho khu ký túc xá", 150_000_000),
    ("Đổi trả thiết bị cũ lấy mới", 42_000_000),
    ("Thiết bị điện lạnh cho nhà hàng", 115_000_000),
    ("Lõi lọc thay thế theo hợp đồng năm", 28_000_000),
    ("Điều hòa cho showroom", 210_000_000),
    ("Thiết bị gia dụng cho căn hộ dịch vụ", 240_000_000),
    ("Quạt điều hòa cho nhà xưởng", 60_000_000),
    ("Máy lọc nước cho văn phòng", 48_000_000),
    ("Tủ lạnh cho phòng nghỉ bệnh viện", 130_000_000),
    ("Gói lắp đặt trọn bộ cho biệt thự", 175_000_000),
    ("Mua sỉ nồi cơm điện cho đại lý", 90_000_000),
    ("Thiết bị cho khu nghỉ dưỡng mới", 420_000_000),
    ("Nâng cấp điều hòa tòa nhà", 380_000_000),
    ("Máy lọc không khí cho phòng khám nha", 55_000_000),
    ("Đặt hàng quà tặng khách hàng cuối năm", 75_000_000),
    ("Tivi cho khách sạn 3 sao", 260_000_000),
    ("Thiết bị cho căn hộ cho thuê", 66_000_000),
    ("Máy giặt công nghiệp nhỏ", 120_000_000),
    ("Lọc nước đầu nguồn cho biệt thự", 45_000_000),
    ("Bếp và tủ lạnh cho nhà ăn công ty", 160_000_000),
]


def _valid_vn_vat(rng):
    """A 10-digit Vietnamese tax code (MST) with a correct check digit."""
    from stdnum.vn import mst  # noqa: PLC0415 — python-stdnum ships with Odoo

    base = f"0{rng.randint(10_000_000, 99_999_999)}"
    return base + mst.calc_check_digit(base)


def _phone(rng):
    return f"+84 9{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


# Notes a salesperson writes after talking to a customer.
NOTES = [
    "Đã gọi điện hỏi thăm, khách hài lòng với sản phẩm.",
    "Khách hỏi về chương trình khuyến mãi tháng tới.",
    "Gặp khách tại cửa hàng, giới thiệu mẫu mới.",
    "Gửi email cảm ơn và catalogue sản phẩm mới.",
]
