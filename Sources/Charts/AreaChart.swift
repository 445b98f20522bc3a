extension Chart {
    /// A filled area chart: each series is shaded down to zero (or to the bottom of the axis).
    public static func area(_ series: [ChartSeries], options: ChartOptions = ChartOptions()) -> Chart {
        Chart(body: LineChartBody(series: series, area: true), options: options)
    }
}
